package org.multiprocessing4j;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.ConditionCore;
import org.multiprocessing4j.sync.ConditionOps;
import org.multiprocessing4j.sync.LockOps;

/**
 * A condition variable shared by processes: CPython's {@code multiprocessing.Condition}. Python's
 * {@code wait}/{@code notify}/{@code notify_all} collide with {@code java.lang.Object}'s final
 * methods, so these are {@link #await()}, {@link #signal()} and {@link #signalAll()}, the words of
 * {@code java.util.concurrent.locks.Condition}.
 *
 * <pre>{@code
 * var cond = new Condition(new Lock());
 * try (var held = cond.hold()) {
 *     while (!ready()) cond.await();
 * }
 * }</pre>
 *
 * <p>Every method but {@link #hold()}, {@link #acquire()} and {@link #lock()} requires the calling
 * thread to hold the lock ({@link IllegalStateException} otherwise). {@code signal(n)} wakes up to
 * {@code n} threads waiting at that moment, in any process, and returns once they have woken (as
 * CPython does); it wakes none if none waits.
 *
 * <p>The algorithm is CPython's: three counting semaphores (sleepers, woken, the wake-up itself),
 * all in shared memory. Thread-safe and process-safe.
 *
 * <p>A condition a manager holds has the same API, on a reentrant lock of its own in the server
 * ({@link #lock()} returns an {@link RLock} view of it); each call is a round trip to the server,
 * and {@code signal(n)} returns without waiting for the woken threads.
 */
public final class Condition implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;
    final transient ConditionOps ops;
    /** The condition's shared memory; null if it lives elsewhere (then {@link #ops} travels). */
    private final transient SharedObject shared;

    /** A condition on a new {@link RLock}, as CPython's default. */
    public Condition() {
        this(new RLock());
    }

    /**
     * A condition on {@code lock}.
     *
     * @throws IllegalArgumentException if {@code lock} does not live in shared memory (a manager's:
     *                                  ask the manager for a condition instead)
     */
    public Condition(SharedLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
        LockOps lockOps = sharedMemoryOps(lock);
        this.shared = SharedObject.create(SharedForm.CONDITION, ConditionCore.BYTES);
        this.ops = ConditionCore.init(lockOps, shared.payload());
    }

    private Condition(SharedLock lock, SharedObject shared) {
        this.lock = lock;
        this.shared = shared;
        this.ops = new ConditionCore(sharedMemoryOps(lock), shared.payload());
    }

    /** A condition that lives, with its lock, where {@code ops} does (a manager's server, a cluster). */
    Condition(ConditionOps ops) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.lock = new RLock(ops);
        this.shared = null;
    }

    /** The backend of {@code lock}, which must be in shared memory as the condition's semaphores are. */
    private static LockOps sharedMemoryOps(SharedLock lock) {
        return switch (lock) {
            case Lock l when l.inSharedMemory() -> l.ops;
            case RLock r when r.inSharedMemory() -> r.ops;
            default -> throw new IllegalArgumentException("a Condition in shared memory needs a lock in shared memory, not "
                    + lock + " (a manager's lock: ask the manager for a condition instead)");
        };
    }

    /** The lock this condition is built on. */
    public SharedLock lock() {
        return lock;
    }

    /** Acquires the lock. */
    public void acquire() throws InterruptedException {
        ops.acquire(Long.MAX_VALUE);
    }

    /** Releases the lock. */
    public void release() {
        ops.release();
    }

    /** Acquires the lock for a {@code try} block. */
    public Held hold() throws InterruptedException {
        return lock.hold();
    }

    /** Releases the lock, waits for a signal, and acquires the lock again before returning. */
    public void await() throws InterruptedException {
        ops.await(Long.MAX_VALUE);
    }

    /**
     * Releases the lock, waits for a signal at most {@code timeout}, and acquires the lock again.
     *
     * @return false if the time ran out before a signal
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return ops.await(Deadline.nanos(timeout));
    }

    /**
     * Waits until {@code predicate} is true, at most {@code timeout} ({@code null}: for ever),
     * re-checking it after each signal. The predicate runs in this process, holding the lock.
     *
     * @return the predicate's last value
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        return ConditionOps.waitFor(ops, predicate, timeout == null ? Long.MAX_VALUE : Deadline.nanos(timeout));
    }

    /** Wakes one waiting thread, if any. */
    public void signal() {
        ops.signal(1);
    }

    /** Wakes every waiting thread. */
    public void signalAll() {
        ops.signalAll();
    }

    /**
     * Wakes up to {@code n} waiting threads and returns once they have woken.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void signal(int n) {
        ops.signal(n);
    }

    @Override
    public String toString() {
        return "Condition[" + lock + (ops instanceof ConditionCore core ? ", waiting=" + core.waiting() : "") + "]";
    }

    @Serial
    private Object writeReplace() {
        return shared != null ? new Form(lock, shared.transfer()) : new OpsForm(SharedForm.CONDITION, ops);
    }

    /** How a condition in shared memory travels: its lock (in its own form) and its semaphores. */
    private record Form(SharedLock lock, SharedObject.Handle handle) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            return new Condition(lock, SharedForm.attach(handle, SharedForm.CONDITION));
        }
    }
}
