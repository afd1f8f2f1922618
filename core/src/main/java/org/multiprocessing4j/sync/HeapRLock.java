package org.multiprocessing4j.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A reentrant lock in this JVM's heap, for a manager's server: the {@link LockOps} of an
 * {@code RLock} it holds. Owned by the thread that acquired it, which may acquire it again; a
 * release by another thread throws what one in shared memory throws.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapRLock implements LockOps {

    private final ReentrantLock lock;

    /** A new, unlocked lock. */
    public HeapRLock() {
        this.lock = new ReentrantLock();
    }

    /** The lock itself, for a {@link HeapCondition} on it. */
    ReentrantLock lock() {
        return lock;
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (lock.tryLock()) return true;
        if (timeoutNanos <= 0) return false;
        if (timeoutNanos == Long.MAX_VALUE) {
            lock.lockInterruptibly();
            return true;
        }
        return lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void release() {
        if (!lock.isHeldByCurrentThread()) throw RLockCore.notHeld();
        lock.unlock();
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
    public String toString() {
        return "HeapRLock[" + (isLocked() ? "locked" : "unlocked") + "]";
    }
}
