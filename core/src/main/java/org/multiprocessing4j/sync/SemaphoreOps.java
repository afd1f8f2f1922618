package org.multiprocessing4j.sync;

/**
 * The operations behind {@code Semaphore} and {@code BoundedSemaphore}: the seam between the
 * public semaphore and where it lives (shared memory, a manager's server, a cluster).
 * Implementations are thread-safe; every parameter and result is serializable, so a remote proxy
 * can implement this interface.
 */
public interface SemaphoreOps {

    /**
     * Takes a permit, waiting up to {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever; zero
     * or less: only if one is free now).
     *
     * @return true if a permit was taken, false if the time ran out
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    boolean acquire(long timeoutNanos) throws InterruptedException;

    /**
     * Gives back (or adds) a permit.
     *
     * @throws IllegalStateException if that would exceed the semaphore's maximum (a bounded
     *                               semaphore released more often than acquired)
     */
    void release();

    /** Permits available now (a snapshot: it may change at once). */
    int value();
}
