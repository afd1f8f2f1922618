package org.multiprocessing4j.sync;

import java.lang.foreign.MemorySegment;
import org.multiprocessing4j.SerializableRunnable;

/**
 * A barrier in this JVM's heap, for a manager's server: the {@link BarrierOps} of a
 * {@code Barrier} it holds. The same algorithm as one in shared memory ({@link BarrierCore}) on a
 * {@link HeapCondition}, so the same behaviour and exceptions; the action runs in the server, in
 * the thread of the last party to arrive.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapBarrier extends BarrierCore {

    /**
     * A barrier for {@code parties} parties; {@code action} (or null) runs when the last arrives;
     * {@code timeoutNanos} is the default timeout of {@link #await()} ({@link Long#MAX_VALUE}: none).
     *
     * @throws IllegalArgumentException if {@code parties} is not positive
     */
    public HeapBarrier(int parties, SerializableRunnable action, long timeoutNanos) {
        super(new HeapCondition(), MemorySegment.ofArray(new int[(int) (BYTES / Integer.BYTES)]), parties, action,
                timeoutNanos);
    }

    @Override
    public String toString() {
        return "HeapBarrier[parties=" + parties() + ", waiting=" + numberWaiting() + (isBroken() ? ", broken" : "") + "]";
    }
}
