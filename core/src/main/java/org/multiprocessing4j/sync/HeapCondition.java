package org.multiprocessing4j.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A condition variable in this JVM's heap, on a {@link HeapRLock} (its {@link LockOps} methods act
 * on that lock), for a manager's server: the {@link ConditionOps} of a {@code Condition} it holds.
 * {@link #await}, {@link #signal} and {@link #signalAll} without holding the lock throw what one in
 * shared memory throws.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapCondition implements ConditionOps {

    private final ReentrantLock lock;
    private final HeapRLock rlock;
    private final Condition waiters;

    /** A new condition on a new lock. */
    public HeapCondition() {
        this(new HeapRLock());
    }

    /** A new condition on {@code lock} (CPython's {@code Condition(lock)} with an {@code RLock}). */
    public HeapCondition(HeapRLock lock) {
        this.rlock = lock;
        this.lock = lock.lock();
        this.waiters = this.lock.newCondition();
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        return rlock.acquire(timeoutNanos);
    }

    @Override
    public void release() {
        rlock.release();
    }

    @Override
    public boolean isLocked() {
        return rlock.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return rlock.isHeldByCurrentThread();
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        ConditionCore.ensureHeld(rlock, "await");
        if (timeoutNanos == Long.MAX_VALUE) {
            waiters.await();
            return true;
        }
        return waiters.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void signal(int n) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0: " + n);
        ConditionCore.ensureHeld(rlock, "signal");
        for (int i = 0; i < n && lock.hasWaiters(waiters); i++) waiters.signal();
    }

    @Override
    public void signalAll() {
        ConditionCore.ensureHeld(rlock, "signal");
        waiters.signalAll();
    }

    @Override
    public String toString() {
        return "HeapCondition[" + (isLocked() ? "locked" : "unlocked") + "]";
    }
}
