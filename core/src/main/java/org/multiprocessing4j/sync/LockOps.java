package org.multiprocessing4j.sync;

/**
 * The operations behind {@code Lock} and {@code RLock}: the seam between the public lock and
 * where it lives (shared memory, a manager's server, a cluster). Implementations are thread-safe.
 *
 * <p>Every parameter and result is serializable, so a remote proxy can implement this interface;
 * such a proxy must run each caller thread's calls in one thread of its own on the other side, so
 * that "the current thread" below means the same caller throughout.
 */
public interface LockOps {

    /**
     * Acquires the lock, waiting up to {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever;
     * zero or less: only if it is free now). A reentrant lock already held by the current thread
     * is acquired once more at once.
     *
     * @return true if acquired, false if the time ran out
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    boolean acquire(long timeoutNanos) throws InterruptedException;

    /**
     * Releases the lock (for a reentrant lock: one hold of it).
     *
     * @throws IllegalStateException if it is not held; for a reentrant lock, if the current thread
     *                               does not hold it
     */
    void release();

    /** True while some thread holds the lock (a snapshot: it may change at once). */
    boolean isLocked();

    /** True if the current thread holds the lock. */
    boolean isHeldByCurrentThread();
}
