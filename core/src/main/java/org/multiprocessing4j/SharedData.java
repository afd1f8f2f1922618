package org.multiprocessing4j;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.shm.SharedObject;

/**
 * What {@link Value} and {@link Array} share: their shared-memory object, the optional lock that
 * guards read-modify-write sequences on them (CPython's {@code get_lock()}), and how they travel.
 */
abstract class SharedData implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;
    private final transient int kind;
    private final transient SharedObject shared;

    SharedData(int kind, SharedObject shared, SharedLock lock) {
        this.kind = kind;
        this.shared = shared;
        this.lock = lock;
    }

    SharedData(Form form) throws ObjectStreamException {
        this(form.kind(), SharedForm.attach(form.handle(), form.kind()), form.lock());
    }

    /** A new {@link RLock} (CPython's default), or none. */
    static SharedLock newLock(boolean withLock) {
        return withLock ? new RLock() : null;
    }

    final SharedObject shared() {
        return shared;
    }

    /** True if there is a lock. */
    public final boolean hasLock() {
        return lock != null;
    }

    /**
     * The lock that guards read-modify-write sequences on this data.
     *
     * @throws IllegalStateException if it was created without one
     */
    public final SharedLock getLock() {
        if (lock == null) throw new IllegalStateException("this " + getClass().getSimpleName() + " was created without a lock");
        return lock;
    }

    /** Travels as a {@link Form} (protected so that the subclasses inherit it, as serialization requires). */
    @Serial
    protected final Object writeReplace() {
        return new Form(kind, shared.transfer(), lock);
    }

    /**
     * How shared data travels: its kind, its memory and its lock (in the lock's own form).
     *
     * @param kind   which {@link Value} or {@link Array} type
     * @param handle the shared memory to attach
     * @param lock   the lock, or null
     */
    record Form(int kind, SharedObject.Handle handle, SharedLock lock) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            SharedData data = Value.fromForm(this);
            if (data == null) data = Array.fromForm(this);
            if (data == null) throw new InvalidObjectException("unknown kind of shared data " + kind);
            return data;
        }
    }
}
