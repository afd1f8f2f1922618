package org.multiprocessing4j;

import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.sync.BarrierOps;
import org.multiprocessing4j.sync.ConditionOps;
import org.multiprocessing4j.sync.EventOps;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.QueueOps;
import org.multiprocessing4j.sync.SemaphoreOps;

/**
 * The form in which a synchronization object that does not live in shared memory (a manager's, a
 * cluster's) travels: its kind and its backend, which must be serializable (a proxy, typically);
 * on arrival the same public type is rebuilt around the backend.
 *
 * @param kind which public type to rebuild (a {@link SharedForm} kind)
 * @param ops  the backend: the {@code *Ops} interface of that type
 */
record OpsForm(int kind, Object ops) implements Serializable {

    @Serial
    private Object readResolve() throws ObjectStreamException {
        if (ops == null) throw new InvalidObjectException("no backend for kind " + kind);
        try {
            return switch (kind) {
                case SharedForm.LOCK -> new Lock((LockOps) ops);
                case SharedForm.RLOCK -> new RLock((LockOps) ops);
                case SharedForm.SEMAPHORE -> new Semaphore((SemaphoreOps) ops);
                case SharedForm.BOUNDED_SEMAPHORE -> new BoundedSemaphore((SemaphoreOps) ops);
                case SharedForm.EVENT -> new Event((EventOps) ops);
                case SharedForm.CONDITION -> new Condition((ConditionOps) ops);
                case SharedForm.BARRIER -> new Barrier((BarrierOps) ops);
                case SharedForm.QUEUE -> new Queue<>((QueueOps) ops);
                case SharedForm.JOINABLE_QUEUE -> new JoinableQueue<>((QueueOps) ops);
                default -> throw new InvalidObjectException("unknown synchronization object kind " + kind);
            };
        } catch (ClassCastException e) {
            InvalidObjectException failure = new InvalidObjectException("bad backend for kind " + kind + ": " + ops);
            failure.initCause(e);
            throw failure;
        }
    }
}
