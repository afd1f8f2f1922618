package org.multiprocessing4j.sync;

/**
 * The operations behind {@code Event}: the seam between the public event and where it lives
 * (shared memory, a manager's server, a cluster). Implementations are thread-safe; every
 * parameter and result is serializable, so a remote proxy can implement this interface.
 */
public interface EventOps {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Resets the flag. */
    void clear();

    /** True while the flag is set (a snapshot: it may change at once). */
    boolean isSet();

    /**
     * Waits until the flag is set, at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever;
     * zero or less: not at all).
     *
     * @return true if the flag is set, or was set at some moment during the wait (as
     *         {@code threading.Event}: a set followed at once by a clear still wakes the waiters)
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    boolean await(long timeoutNanos) throws InterruptedException;
}
