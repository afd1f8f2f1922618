package org.multiprocessing4j;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.HolderTable;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.SemaphoreCore;

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
 */
public final class Condition implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;
    private final transient SharedObject shared;
    private final transient SemaphoreCore sleeping;
    private final transient SemaphoreCore woken;
    private final transient SemaphoreCore wakeUp;
    /** The processes inside {@link #await}, so that a signal need not wait for one that died there. */
    private final transient HolderTable sleepers;

    /** A condition on a new {@link RLock}, as CPython's default. */
    public Condition() {
        this(new RLock());
    }

    /** A condition on {@code lock}. */
    public Condition(SharedLock lock) {
        this.lock = java.util.Objects.requireNonNull(lock, "lock");
        this.shared = SharedObject.create(SharedForm.CONDITION, SLEEPERS + HolderTable.bytes(SharedObject.HOLDER_SLOTS));
        this.sleeping = SemaphoreCore.init(region(shared, 0), 0, Integer.MAX_VALUE, false);
        this.woken = SemaphoreCore.init(region(shared, 1), 0, Integer.MAX_VALUE, false);
        this.wakeUp = SemaphoreCore.init(region(shared, 2), 0, Integer.MAX_VALUE, false);
        this.sleepers = sleepers(shared);
    }

    private Condition(SharedLock lock, SharedObject shared) {
        this.lock = lock;
        this.shared = shared;
        this.sleeping = new SemaphoreCore(region(shared, 0));
        this.woken = new SemaphoreCore(region(shared, 1));
        this.wakeUp = new SemaphoreCore(region(shared, 2));
        this.sleepers = sleepers(shared);
    }

    private static final long SLEEPERS = 3 * SemaphoreCore.BYTES;
    private static final long SIGNAL_CHECK_NANOS = 100_000_000;

    private static java.lang.foreign.MemorySegment region(SharedObject shared, int index) {
        return shared.payload().asSlice(index * SemaphoreCore.BYTES, SemaphoreCore.BYTES);
    }

    private static HolderTable sleepers(SharedObject shared) {
        return new HolderTable(shared.payload().asSlice(SLEEPERS), SharedObject.HOLDER_SLOTS);
    }

    /** The lock this condition is built on. */
    public SharedLock lock() {
        return lock;
    }

    /** Acquires the lock. */
    public void acquire() throws InterruptedException {
        lock.acquire();
    }

    /** Releases the lock. */
    public void release() {
        lock.release();
    }

    /** Acquires the lock for a {@code try} block. */
    public Held hold() throws InterruptedException {
        return lock.hold();
    }

    /** Releases the lock, waits for a signal, and acquires the lock again before returning. */
    public void await() throws InterruptedException {
        awaitNanos(Long.MAX_VALUE);
    }

    /**
     * Releases the lock, waits for a signal at most {@code timeout}, and acquires the lock again.
     *
     * @return false if the time ran out before a signal
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitNanos(Deadline.nanos(timeout));
    }

    private boolean awaitNanos(long nanos) throws InterruptedException {
        ensureHeld("await");
        long self = ProcessHandle.current().pid();
        sleepers.acquire(self);
        sleeping.release();
        int holds = releaseLock();
        try {
            return wakeUp.acquire(nanos);
        } finally {
            woken.release();
            sleepers.release(self);
            reacquireLock(holds);
        }
    }

    /** Acquires the lock again whatever happens: a waiter must return holding it. Re-asserts an interrupt. */
    private void reacquireLock(int holds) {
        boolean interrupted = false;
        while (true) {
            try {
                reacquire(holds);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * Waits until {@code predicate} is true, at most {@code timeout} ({@code null}: for ever),
     * re-checking it after each signal. The predicate runs in this process, holding the lock.
     *
     * @return the predicate's last value
     */
    public boolean waitFor(BooleanSupplier predicate, Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Deadline.NEVER : Deadline.after(Deadline.nanos(timeout));
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) break;
            awaitNanos(remaining);
            result = predicate.getAsBoolean();
        }
        return result;
    }

    /** Wakes one waiting thread, if any. */
    public void signal() {
        signal(1);
    }

    /** Wakes every waiting thread. */
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * Wakes up to {@code n} waiting threads and returns once they have woken.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public void signal(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
        ensureHeld("signal");
        // Forget the sleepers that died in await, then those that timed out since the last signal.
        for (int dead = sleepers.reclaimDead(); dead > 0 && sleeping.tryAcquire(); dead--) {
            // each dead sleeper's count is dropped
        }
        while (woken.tryAcquire()) {
            sleeping.tryAcquire();
        }
        int signalled = 0;
        while (signalled < n && sleeping.tryAcquire()) {
            wakeUp.release();
            signalled++;
        }
        if (signalled == 0) return;
        boolean interrupted = false;
        int awaited = signalled;
        while (awaited > 0) {
            try {
                if (woken.acquire(SIGNAL_CHECK_NANOS)) {
                    awaited--;
                } else {
                    awaited -= sleepers.reclaimDead();   // a woken sleeper that died will never say so
                    // Dead sleepers this signal did not wake still count as sleeping: drop them too.
                    for (; awaited < 0; awaited++) sleeping.tryAcquire();
                }
            } catch (InterruptedException e) {
                interrupted = true;               // the count must stay right: finish, then re-assert
            }
        }
        // Drop wake-ups whose sleeper timed out just before taking them.
        while (wakeUp.tryAcquire()) {
            // discard
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void ensureHeld(String what) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot " + what + " on a condition whose lock this thread does not hold");
        }
    }

    private int releaseLock() {
        if (lock instanceof RLock r) return r.releaseAll();
        lock.release();
        return 1;
    }

    private void reacquire(int holds) throws InterruptedException {
        if (lock instanceof RLock r) {
            r.reacquire(holds);
        } else {
            lock.acquire();
        }
    }

    @Override
    public String toString() {
        return "Condition[" + lock + ", waiting=" + (sleeping.value() - woken.value()) + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Form(lock, shared.transfer());
    }

    /** How a condition travels: its lock (in its own form) and its semaphores. */
    private record Form(SharedLock lock, SharedObject.Handle handle) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            return new Condition(lock, SharedForm.attach(handle, SharedForm.CONDITION));
        }
    }
}
