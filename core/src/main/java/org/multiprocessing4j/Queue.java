package org.multiprocessing4j;

import java.io.Serial;
import java.time.Duration;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.QueueOps;

/**
 * A first-in, first-out queue shared by processes: CPython's {@code multiprocessing.Queue}. Any
 * serializable item travels, {@code null} included; items put by one process come out in the
 * order it put them.
 *
 * <pre>{@code
 * var q = new Queue<String>();
 * new Process(() -> { for (int i = 0; i < 5; i++) q.put("item " + i); q.put(null); }).start();
 * for (String item; (item = q.get()) != null; ) System.out.println(item);
 * }</pre>
 *
 * <p><b>Beyond CPython:</b> an item is serialized in {@code put}, in the caller, so an item that
 * cannot be serialized fails there with a {@link SerializationException} naming its class (CPython
 * loses it in a background thread). There is no feeder thread: {@code put} returns once the item
 * is in shared memory, visible to every process. Items of any size are accepted; those over 64 KiB
 * travel in a segment of their own. The queue buffers about 1 MiB of unread items; past that,
 * {@code put} waits for a consumer, as CPython's feeder thread waits on its pipe (which also keeps
 * a CPython process from exiting): do not join a producer before reading what it put.
 *
 * <p>The queue's internal locks are recovered if a process dies holding them. {@link #qsize()},
 * {@link #empty()} and {@link #full()} are approximate while others put and take, as in CPython.
 *
 * <p>Thread-safe and process-safe.
 *
 * <p>A queue a manager holds has the same API: items are still serialized in the caller, and each
 * call is a round trip to the server, which buffers as many items as its heap holds.
 *
 * @param <E> the type of the items
 */
public class Queue<E> extends SharedQueue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An unbounded queue. */
    public Queue() {
        this(0);
    }

    /** A queue of at most {@code maxsize} items (zero or less: unbounded, as CPython). */
    public Queue(int maxsize) {
        this(SharedForm.QUEUE, maxsize);
    }

    Queue(int kind, int maxsize) {
        super(kind, maxsize);
    }

    Queue(int kind, SharedObject shared) {
        super(kind, shared);
    }

    /** A queue that lives where {@code ops} does (a manager's server, a cluster). */
    Queue(QueueOps ops) {
        this(SharedForm.QUEUE, ops);
    }

    Queue(int kind, QueueOps ops) {
        super(kind, ops);
    }

    /** Puts an item, waiting while a bounded queue is full. */
    public void put(E item) throws InterruptedException {
        putItem(item, Long.MAX_VALUE);
    }

    /**
     * Puts an item, waiting at most {@code timeout} while the queue is full (see {@link #putNowait}).
     *
     * @throws Full if it stayed full
     */
    public void put(E item, Duration timeout) throws InterruptedException, Full {
        if (!putItem(item, Deadline.nanos(timeout))) throw new Full();
    }

    /**
     * Puts an item if the queue has room now: a free slot of a bounded queue, and room in its
     * 1 MiB of buffer (an unbounded queue is full only when that much is unread).
     *
     * @throws Full if it is full
     */
    public void putNowait(E item) throws Full {
        try {
            if (!putItem(item, 0)) throw new Full();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Full();
        }
    }

    /** Takes the oldest item, waiting as long as it takes. */
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        return (E) getItem(Long.MAX_VALUE);
    }

    /**
     * Takes the oldest item, waiting at most {@code timeout}.
     *
     * @throws Empty if none came in time
     */
    @SuppressWarnings("unchecked")
    public E get(Duration timeout) throws InterruptedException, Empty {
        Object item = getItem(Deadline.nanos(timeout));
        if (item == NONE) throw new Empty();
        return (E) item;
    }

    /**
     * Takes the oldest item if there is one now.
     *
     * @throws Empty if there is none
     */
    @SuppressWarnings("unchecked")
    public E getNowait() throws Empty {
        Object item;
        try {
            item = getItem(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Empty();
        }
        if (item == NONE) throw new Empty();
        return (E) item;
    }

    /** The number of items in the queue (approximate while others put and take). */
    public int qsize() {
        ensureOpen();
        return ops.size();
    }

    /** True if a bounded queue holds its maximum (approximate). */
    public boolean full() {
        ensureOpen();
        int maxsize = ops.maxsize();
        return maxsize > 0 && ops.size() >= maxsize;
    }

    /** The bound given at creation; 0 for an unbounded queue. */
    public int maxsize() {
        return ops.maxsize();
    }

    @Override
    public String toString() {
        int maxsize = ops.maxsize();
        return getClass().getSimpleName() + "[size=" + ops.size() + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
    }

    /** No item came in time: CPython's {@code queue.Empty}. */
    public static final class Empty extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        public Empty() {
            super("queue is empty");
        }
    }

    /** A bounded queue stayed full: CPython's {@code queue.Full}. */
    public static final class Full extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        public Full() {
            super("queue is full");
        }
    }
}
