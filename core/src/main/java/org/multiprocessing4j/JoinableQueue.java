package org.multiprocessing4j;

import java.io.Serial;
import java.time.Duration;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.QueueOps;

/**
 * A {@link Queue} that counts unfinished items: CPython's {@code multiprocessing.JoinableQueue}.
 * Every {@code put} adds one; a consumer calls {@link #taskDone()} when it has processed an item it
 * took; {@link #join()} waits until the count is back to zero.
 *
 * <p>Thread-safe and process-safe.
 *
 * @param <E> the type of the items
 */
public final class JoinableQueue<E> extends Queue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An unbounded joinable queue. */
    public JoinableQueue() {
        this(0);
    }

    /** A joinable queue of at most {@code maxsize} items (zero or less: unbounded). */
    public JoinableQueue(int maxsize) {
        super(SharedForm.JOINABLE_QUEUE, maxsize);
    }

    JoinableQueue(SharedObject shared) {
        super(SharedForm.JOINABLE_QUEUE, shared);
    }

    /** A joinable queue that lives where {@code ops} (a joinable one) does: a manager's server, a cluster. */
    JoinableQueue(QueueOps ops) {
        super(SharedForm.JOINABLE_QUEUE, ops);
    }

    /**
     * Marks one item taken from the queue as processed.
     *
     * @throws IllegalStateException if called more times than items were put
     */
    public void taskDone() {
        ops.taskDone();
    }

    /** Waits until every item put has been marked done. */
    public void join() throws InterruptedException {
        ops.join(Long.MAX_VALUE);
    }

    /**
     * Waits at most {@code timeout} until every item put has been marked done.
     *
     * @return true if none is unfinished
     */
    public boolean join(Duration timeout) throws InterruptedException {
        return ops.join(Deadline.nanos(timeout));
    }
}
