package org.multiprocessing4j;

import java.io.Serial;
import org.multiprocessing4j.shm.SharedObject;

/**
 * A minimal unbounded queue shared by processes: CPython's {@code multiprocessing.SimpleQueue},
 * with only {@link #put}, {@link #get}, {@link #empty()} and {@link #close()}. Same transport and
 * guarantees as {@link Queue}.
 *
 * <p>Thread-safe and process-safe.
 *
 * @param <E> the type of the items
 */
public final class SimpleQueue<E> extends SharedQueue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** An empty queue. */
    public SimpleQueue() {
        super(SharedForm.SIMPLE_QUEUE, 0);
    }

    SimpleQueue(SharedObject shared) {
        super(SharedForm.SIMPLE_QUEUE, shared);
    }

    /** Puts an item. */
    public void put(E item) throws InterruptedException {
        putItem(item, Long.MAX_VALUE);
    }

    /** Takes the oldest item, waiting as long as it takes. */
    @SuppressWarnings("unchecked")
    public E get() throws InterruptedException {
        return (E) getItem(Long.MAX_VALUE);
    }
}
