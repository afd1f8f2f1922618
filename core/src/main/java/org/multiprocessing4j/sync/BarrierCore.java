package org.multiprocessing4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import org.multiprocessing4j.SerializableRunnable;

/**
 * CPython's {@code threading.Barrier} algorithm over any {@link ConditionOps} and two ints of
 * state in any memory: the core of {@code Barrier} in shared memory (a shared condition and
 * segment) and of {@link HeapBarrier} (a heap condition and array), so that both behave alike.
 *
 * <p>Layout of the state ({@link #BYTES} bytes): int state (filling, draining, resetting, broken),
 * int count (parties inside {@link #await}); both written only under the condition's lock.
 *
 * <p>Thread-safe, and process-safe if its condition and memory are.
 */
public class BarrierCore implements BarrierOps {

    /** Bytes of state the barrier needs. */
    public static final long BYTES = 8;
    private static final long STATE = 0, COUNT = 4;
    private static final int FILLING = 0, DRAINING = 1, RESETTING = -1, BROKEN = -2;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final ConditionOps cond;
    private final MemorySegment state;
    private final int parties;
    private final SerializableRunnable action;
    private final long timeoutNanos;

    /**
     * A barrier for {@code parties} parties on {@code cond}, its state in {@code state} (zero-filled
     * for a new barrier, or another's to share it); {@code action} (or null) runs in the last
     * party's thread; {@code timeoutNanos} is the default timeout ({@link Long#MAX_VALUE}: none).
     *
     * @throws IllegalArgumentException if {@code parties} is not positive
     */
    public BarrierCore(ConditionOps cond, MemorySegment state, int parties, SerializableRunnable action,
                       long timeoutNanos) {
        this.cond = Objects.requireNonNull(cond, "cond");
        this.state = state.asSlice(0, BYTES);
        this.parties = checkParties(parties);
        this.action = action;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Returns {@code parties}, checked.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public static int checkParties(int parties) {
        if (parties <= 0) throw new IllegalArgumentException("parties must be > 0: " + parties);
        return parties;
    }

    @Override
    public int await() throws InterruptedException, BrokenBarrierException {
        return await(timeoutNanos);
    }

    @Override
    public int await(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        cond.acquire(Long.MAX_VALUE);
        try {
            enter();
            int index = count();
            set(COUNT, index + 1);
            try {
                if (index + 1 == parties) {
                    release();
                } else {
                    waitForRelease(timeoutNanos);
                }
                return index;
            } finally {
                set(COUNT, count() - 1);
                exit();
            }
        } finally {
            cond.release();
        }
    }

    private void enter() throws InterruptedException, BrokenBarrierException {
        while (state() == RESETTING || state() == DRAINING) cond.await(Long.MAX_VALUE);
        if (state() < 0) throw new BrokenBarrierException("barrier is broken");
    }

    private void release() throws BrokenBarrierException {
        try {
            if (action != null) action.run();
            set(STATE, DRAINING);
            cond.signalAll();
        } catch (Exception e) {
            breakBarrier();
            BrokenBarrierException broken = new BrokenBarrierException("the barrier's action failed: " + e);
            broken.initCause(e);
            throw broken;
        } catch (Error e) {
            breakBarrier();                       // the other parties must not wait for ever
            throw e;
        }
    }

    private void waitForRelease(long timeoutNanos) throws InterruptedException, BrokenBarrierException {
        if (!ConditionOps.waitFor(cond, () -> state() != FILLING, timeoutNanos)) {
            breakBarrier();
            throw new BrokenBarrierException("timed out waiting for the other parties");
        }
        if (state() < 0) throw new BrokenBarrierException("barrier is broken");
    }

    private void exit() {
        if (count() == 0 && (state() == RESETTING || state() == DRAINING)) {
            set(STATE, FILLING);
            cond.signalAll();
        }
    }

    @Override
    public void abort() throws InterruptedException {
        cond.acquire(Long.MAX_VALUE);
        try {
            breakBarrier();
        } finally {
            cond.release();
        }
    }

    @Override
    public void reset() throws InterruptedException {
        cond.acquire(Long.MAX_VALUE);
        try {
            if (count() > 0) {
                if (state() == FILLING || state() == BROKEN) set(STATE, RESETTING);
            } else {
                set(STATE, FILLING);
            }
            cond.signalAll();
        } finally {
            cond.release();
        }
    }

    private void breakBarrier() {
        set(STATE, BROKEN);
        cond.signalAll();
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public int numberWaiting() {
        return state() == FILLING ? count() : 0;
    }

    @Override
    public boolean isBroken() {
        return state() == BROKEN;
    }

    private int state() {
        return (int) INT.getVolatile(state, STATE);
    }

    private int count() {
        return (int) INT.getVolatile(state, COUNT);
    }

    private void set(long field, int value) {
        INT.setVolatile(state, field, value);
    }
}
