package org.multiprocessing4j.sync;

import java.util.function.BooleanSupplier;
import org.multiprocessing4j.shm.Deadline;

/**
 * The operations behind {@code Condition}: a condition variable together with the lock it is
 * built on (the {@link LockOps} methods act on that lock). The seam between the public condition
 * and where it lives (shared memory, a manager's server, a cluster). Implementations are
 * thread-safe; every parameter and result is serializable, so a remote proxy can implement this
 * interface, running each caller thread's calls in one thread of its own on the other side.
 *
 * <p>{@link #await}, {@link #signal} and {@link #signalAll} require the current thread to hold
 * the lock, and throw {@link IllegalStateException} otherwise.
 */
public interface ConditionOps extends LockOps {

    /**
     * Releases the lock (every hold of a reentrant one), waits for a signal at most
     * {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever), then acquires the lock again (as
     * many holds) before returning or throwing, whatever happens.
     *
     * @return false if the time ran out before a signal
     * @throws InterruptedException  if the current thread is interrupted while waiting
     * @throws IllegalStateException if the current thread does not hold the lock
     */
    boolean await(long timeoutNanos) throws InterruptedException;

    /**
     * Wakes up to {@code n} threads waiting now; none if none waits.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws IllegalStateException    if the current thread does not hold the lock
     */
    void signal(int n);

    /**
     * Wakes every thread waiting now.
     *
     * @throws IllegalStateException if the current thread does not hold the lock
     */
    void signalAll();

    /**
     * Waits on {@code condition} until {@code predicate} is true, at most {@code timeoutNanos}
     * ({@link Long#MAX_VALUE}: for ever), re-checking it after each wake-up. The predicate runs in
     * the calling thread, which must hold the lock. Static, so that a proxy of the interface never
     * sees the (unserializable) predicate.
     *
     * @return the predicate's last value
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    static boolean waitFor(ConditionOps condition, BooleanSupplier predicate, long timeoutNanos)
            throws InterruptedException {
        long deadline = Deadline.after(timeoutNanos);
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) break;
            condition.await(remaining);
            result = predicate.getAsBoolean();
        }
        return result;
    }
}
