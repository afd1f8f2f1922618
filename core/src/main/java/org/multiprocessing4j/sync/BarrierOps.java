package org.multiprocessing4j.sync;

import java.util.concurrent.BrokenBarrierException;

/**
 * The operations behind {@code Barrier}: the seam between the public barrier and where it lives
 * (shared memory, a manager's server, a cluster). Implementations are thread-safe; every parameter
 * and result is serializable, so a remote proxy can implement this interface.
 *
 * <p>The barrier is CPython's {@code threading.Barrier}: when the last of its parties arrives, its
 * action (if any) runs in that party's thread, then every party is released and it resets for the
 * next round. A party whose timeout runs out, an action that throws, or {@link #abort()} breaks
 * it: waiting and later parties get {@link BrokenBarrierException} until {@link #reset()}.
 */
public interface BarrierOps {

    /**
     * Waits until every party has arrived, with the barrier's default timeout (for ever if it has
     * none).
     *
     * @return this party's arrival index, 0 to {@code parties() - 1}: exactly one party gets each
     * @throws BrokenBarrierException if the barrier is or becomes broken (by a timeout included)
     * @throws InterruptedException   if the current thread is interrupted while waiting
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * Waits until every party has arrived, at most {@code timeoutNanos} ({@link Long#MAX_VALUE}:
     * for ever); a timeout breaks the barrier.
     *
     * @return this party's arrival index, 0 to {@code parties() - 1}
     * @throws BrokenBarrierException if the barrier is or becomes broken (by this timeout included)
     * @throws InterruptedException   if the current thread is interrupted while waiting
     */
    int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException;

    /**
     * Breaks the barrier: waiting and later parties get {@link BrokenBarrierException}.
     *
     * @throws InterruptedException if interrupted while waiting for the barrier's lock
     */
    void abort() throws InterruptedException;

    /**
     * Returns the barrier to its initial state; parties waiting now get {@link BrokenBarrierException}.
     *
     * @throws InterruptedException if interrupted while waiting for the barrier's lock
     */
    void reset() throws InterruptedException;

    /** The number of parties. */
    int parties();

    /** Parties waiting now (a snapshot). */
    int numberWaiting();

    /** True once broken, until {@link #reset()}. */
    boolean isBroken();
}
