package org.multiprocessing4j;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.shm.SharedObject;

/**
 * The form in which a shared-memory object travels to another process: its kind and a handle;
 * on arrival it re-attaches to the same memory. Composite objects (a condition with its lock, a
 * barrier) carry their parts alongside, each travelling in its own form.
 *
 * @param kind   which public type to rebuild (the {@code KIND} constant of that type)
 * @param handle the shared memory to attach
 */
record SharedForm(int kind, SharedObject.Handle handle) implements Serializable {

    static final int LOCK = 1, RLOCK = 2, SEMAPHORE = 3, BOUNDED_SEMAPHORE = 4, EVENT = 5, CONDITION = 6,
            BARRIER = 7, QUEUE = 8, SIMPLE_QUEUE = 9, JOINABLE_QUEUE = 10;

    /**
     * What an object of kind {@code kind} travels as: this form if it lives in shared memory
     * ({@code shared}, else null), else an {@link OpsForm} carrying its backend {@code ops}.
     */
    static Serializable of(int kind, SharedObject shared, Object ops) {
        return shared != null ? new SharedForm(kind, shared.transfer()) : new OpsForm(kind, ops);
    }

    /** Attaches to the shared memory of a form that arrived here. */
    static SharedObject attach(SharedObject.Handle handle, int kind) throws ObjectStreamException {
        try {
            return SharedObject.attach(handle, kind);
        } catch (IOException e) {
            InvalidObjectException failure = new InvalidObjectException(e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        SharedObject shared = attach(handle, kind);
        return switch (kind) {
            case LOCK -> new Lock(shared);
            case RLOCK -> new RLock(shared);
            case SEMAPHORE -> new Semaphore(shared);
            case BOUNDED_SEMAPHORE -> new BoundedSemaphore(shared);
            case EVENT -> new Event(shared);
            case QUEUE -> new Queue<>(QUEUE, shared);
            case SIMPLE_QUEUE -> new SimpleQueue<>(shared);
            case JOINABLE_QUEUE -> new JoinableQueue<>(shared);
            default -> throw new InvalidObjectException("unknown shared object kind " + kind);
        };
    }
}
