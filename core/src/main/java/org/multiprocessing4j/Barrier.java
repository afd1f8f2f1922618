package org.multiprocessing4j;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.BarrierCore;
import org.multiprocessing4j.sync.BarrierOps;

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
 * <p>Thread-safe and process-safe. A barrier a manager holds has the same API and behaviour; its
 * action runs in the manager's server, and each call is a round trip to it.
 */
public final class Barrier implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient BarrierOps ops;
    // For a barrier in shared memory only (else null), to travel: its condition, settings and state.
    private final transient Condition cond;
    private final transient SerializableRunnable action;
    private final transient Duration timeout;
    private final transient SharedObject shared;

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
        this(new Condition(new Lock()), BarrierCore.checkParties(parties), action, timeout,
                SharedObject.create(SharedForm.BARRIER, BarrierCore.BYTES));
    }

    private Barrier(Condition cond, int parties, SerializableRunnable action, Duration timeout, SharedObject shared) {
        this.cond = cond;
        this.action = action;
        this.timeout = timeout;
        this.shared = shared;
        this.ops = new BarrierCore(cond.ops, shared.payload(), parties, action, nanos(timeout));
    }

    /** A barrier that lives where {@code ops} does (a manager's server, a cluster). */
    Barrier(BarrierOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.cond = null;
        this.action = null;
        this.timeout = null;
        this.shared = null;
    }

    private static long nanos(Duration timeout) {
        return timeout == null ? Long.MAX_VALUE : Deadline.nanos(timeout);
    }

    /**
     * Waits until every party has arrived, with the default timeout if one was given.
     *
     * @return this party's arrival index, 0 to {@code parties - 1}: exactly one party gets each
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        return ops.await();
    }

    /**
     * Waits until every party has arrived, at most {@code timeout} ({@code null}: for ever); a
     * timeout breaks the barrier.
     */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException {
        return ops.await(nanos(timeout));
    }

    /** Breaks the barrier: waiting and later parties get {@link BrokenBarrierException}. */
    public void abort() throws InterruptedException {
        ops.abort();
    }

    /** Returns the barrier to its initial state; parties waiting now get {@link BrokenBarrierException}. */
    public void reset() throws InterruptedException {
        ops.reset();
    }

    /** The number of parties. */
    public int parties() {
        return ops.parties();
    }

    /** Parties waiting now. */
    public int numberWaiting() {
        return ops.numberWaiting();
    }

    /** True once broken, until {@link #reset()}. */
    public boolean isBroken() {
        return ops.isBroken();
    }

    @Override
    public String toString() {
        return "Barrier[parties=" + parties() + ", waiting=" + numberWaiting() + (isBroken() ? ", broken" : "") + "]";
    }

    @Serial
    private Object writeReplace() {
        return shared != null ? new Form(cond, parties(), action, timeout, shared.transfer())
                : new OpsForm(SharedForm.BARRIER, ops);
    }

    /** How a barrier in shared memory travels: its condition (in its own form), its settings and its state. */
    private record Form(Condition cond, int parties, SerializableRunnable action, Duration timeout,
                        SharedObject.Handle handle) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            return new Barrier(cond, parties, action, timeout, SharedForm.attach(handle, SharedForm.BARRIER));
        }
    }
}
