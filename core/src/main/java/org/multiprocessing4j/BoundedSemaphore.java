package org.multiprocessing4j;

import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.SemaphoreOps;

/**
 * A semaphore that never holds more permits than it started with: CPython's
 * {@code multiprocessing.BoundedSemaphore}. Releasing beyond that throws
 * {@link IllegalStateException}.
 *
 * <p><b>Beyond CPython:</b> permits are resources here, so the permits held by a process that dies
 * ({@code kill -9} included) come back: a waiter notices within about 100 ms (in shared memory;
 * one a manager holds recovers nothing).
 *
 * <p>Thread-safe and process-safe.
 */
public final class BoundedSemaphore extends Semaphore {

    private static final long serialVersionUID = 1L;

    /**
     * A bounded semaphore with {@code permits} permits, also its maximum.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public BoundedSemaphore(int permits) {
        super(SharedForm.BOUNDED_SEMAPHORE, permits, permits, true);
    }

    BoundedSemaphore(SharedObject shared) {
        super(shared, SharedForm.BOUNDED_SEMAPHORE);
    }

    /** A bounded semaphore that lives where {@code ops} does (a manager's server, a cluster). */
    BoundedSemaphore(SemaphoreOps ops) {
        super(ops, SharedForm.BOUNDED_SEMAPHORE);
    }
}
