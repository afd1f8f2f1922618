package org.multiprocessing4j.sync;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.multiprocessing4j.shm.HolderTable;
import org.multiprocessing4j.shm.SharedObject;

/**
 * A condition variable in shared memory over a lock in shared memory: the core of
 * {@code Condition}. The algorithm is CPython's: three counting semaphores (sleepers, woken, the
 * wake-up itself), plus the processes inside {@link #await}, so that a signal need not wait for one
 * that died there.
 *
 * <p>Layout ({@link #BYTES} bytes): the three {@link SemaphoreCore}s, then a {@link HolderTable}.
 *
 * <p>{@link #signal(int)} returns once the threads it woke have woken (as CPython does).
 * Thread-safe and process-safe.
 */
public final class ConditionCore implements ConditionOps {

    private static final long SLEEPERS = 3 * SemaphoreCore.BYTES;
    /** Bytes the core occupies. */
    public static final long BYTES = SLEEPERS + HolderTable.bytes(SharedObject.HOLDER_SLOTS);
    private static final long SIGNAL_CHECK_NANOS = 100_000_000;

    private final LockOps lock;
    private final SemaphoreCore sleeping;
    private final SemaphoreCore woken;
    private final SemaphoreCore wakeUp;
    private final HolderTable sleepers;

    /** Views a core that {@link #init} laid out in {@code region}, over {@code lock} (in shared memory too). */
    public ConditionCore(LockOps lock, MemorySegment region) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.sleeping = new SemaphoreCore(semaphore(region, 0));
        this.woken = new SemaphoreCore(semaphore(region, 1));
        this.wakeUp = new SemaphoreCore(semaphore(region, 2));
        this.sleepers = new HolderTable(region.asSlice(SLEEPERS), SharedObject.HOLDER_SLOTS);
    }

    /** Lays out a new core in a zero-filled region and returns a view of it over {@code lock}. */
    public static ConditionCore init(LockOps lock, MemorySegment region) {
        for (int i = 0; i < 3; i++) SemaphoreCore.init(semaphore(region, i), 0, Integer.MAX_VALUE, false);
        return new ConditionCore(lock, region);
    }

    private static MemorySegment semaphore(MemorySegment region, int index) {
        return region.asSlice(index * SemaphoreCore.BYTES, SemaphoreCore.BYTES);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        return lock.acquire(timeoutNanos);
    }

    @Override
    public void release() {
        lock.release();
    }

    @Override
    public boolean isLocked() {
        return lock.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        ensureHeld(lock, "await");
        long self = ProcessHandle.current().pid();
        sleepers.acquire(self);
        sleeping.release();
        int holds = releaseLock();
        try {
            return wakeUp.acquire(timeoutNanos);
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

    @Override
    public void signal(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
        ensureHeld(lock, "signal");
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

    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /** Threads waiting now, in any process (approximate). */
    public int waiting() {
        return sleeping.value() - woken.value();
    }

    /** Throws what a condition method called without holding {@code lock} throws, here and in {@link HeapCondition}. */
    static void ensureHeld(LockOps lock, String what) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("cannot " + what + " on a condition whose lock this thread does not hold");
        }
    }

    private int releaseLock() {
        if (lock instanceof RLockCore r) return r.releaseAll();
        lock.release();
        return 1;
    }

    private void reacquire(int holds) throws InterruptedException {
        if (lock instanceof RLockCore r) {
            r.reacquire(holds);
        } else {
            lock.acquire(Long.MAX_VALUE);
        }
    }
}
