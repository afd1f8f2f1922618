package org.multiprocessing4j;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import org.multiprocessing4j.shm.SharedObject;

/**
 * A barrier for a fixed number of parties, in any processes: CPython's
 * {@code multiprocessing.Barrier} (its {@code threading.Barrier} algorithm, with the state in
 * shared memory). Each party calls {@link #await()}; all are released when the last arrives, after
 * the optional action has run in the last party's process. The barrier then resets for the next
 * round.
 *
 * <p>{@link #abort()} breaks it: waiting and later parties get {@link BrokenBarrierException}
 * until {@link #reset()}. A party whose timeout runs out breaks it too (as in CPython), as does an
 * action that throws.
 *
 * <p>Thread-safe and process-safe.
 */
public final class Barrier implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long STATE = 0, COUNT = 4;
    private static final int FILLING = 0, DRAINING = 1, RESETTING = -1, BROKEN = -2;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Condition cond;
    private final int parties;
    private final SerializableRunnable action;
    private final Duration timeout;
    private final transient SharedObject shared;
    private final transient MemorySegment state;

    /** A barrier for {@code parties} parties, without action or default timeout. */
    public Barrier(int parties) {
        this(parties, null, null);
    }

    /** A barrier for {@code parties} parties whose last arrival runs {@code action} first. */
    public Barrier(int parties, SerializableRunnable action) {
        this(parties, action, null);
    }

    /**
     * A barrier for {@code parties} parties, with an optional action and an optional default
     * timeout for {@link #await()}.
     *
     * @throws IllegalArgumentException if {@code parties} is not positive
     */
    public Barrier(int parties, SerializableRunnable action, Duration timeout) {
        if (parties <= 0) throw new IllegalArgumentException("parties must be > 0: " + parties);
        this.cond = new Condition(new Lock());
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
        this.shared = SharedObject.create(SharedForm.BARRIER, 64);
        this.state = shared.payload();
    }

    private Barrier(Form form, SharedObject shared) {
        this.cond = form.cond();
        this.parties = form.parties();
        this.action = form.action();
        this.timeout = form.timeout();
        this.shared = shared;
        this.state = shared.payload();
    }

    /**
     * Waits until every party has arrived, with the default timeout if one was given.
     *
     * @return this party's arrival index, 0 to {@code parties - 1}: exactly one party gets each
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        return await(timeout);
    }

    /**
     * Waits until every party has arrived, at most {@code timeout} ({@code null}: for ever); a
     * timeout breaks the barrier.
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        cond.acquire();
        try {
            enter();
            int index = count();
            set(COUNT, index + 1);
            try {
                if (index + 1 == parties) {
                    release();
                } else {
                    waitForRelease(timeout);
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
        while (state() == RESETTING || state() == DRAINING) cond.await();
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

    private void waitForRelease(Duration timeout) throws InterruptedException, BrokenBarrierException {
        if (!cond.waitFor(() -> state() != FILLING, timeout)) {
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

    /** Breaks the barrier: waiting and later parties get {@link BrokenBarrierException}. */
    public void abort() throws InterruptedException {
        cond.acquire();
        try {
            breakBarrier();
        } finally {
            cond.release();
        }
    }

    /** Returns the barrier to its initial state; parties waiting now get {@link BrokenBarrierException}. */
    public void reset() throws InterruptedException {
        cond.acquire();
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

    /** The number of parties. */
    public int parties() {
        return parties;
    }

    /** Parties waiting now. */
    public int numberWaiting() {
        return state() == FILLING ? count() : 0;
    }

    /** True once broken, until {@link #reset()}. */
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

    @Override
    public String toString() {
        return "Barrier[parties=" + parties + ", waiting=" + numberWaiting() + (isBroken() ? ", broken" : "") + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Form(cond, parties, action, timeout, shared.transfer());
    }

    /** How a barrier travels: its condition (in its own form), its settings and its state. */
    private record Form(Condition cond, int parties, SerializableRunnable action, Duration timeout,
                        SharedObject.Handle handle) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            return new Barrier(this, SharedForm.attach(handle, SharedForm.BARRIER));
        }
    }
}
