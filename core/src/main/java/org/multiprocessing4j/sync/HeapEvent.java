package org.multiprocessing4j.sync;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An event in this JVM's heap, for a manager's server: the {@link EventOps} of an {@code Event}
 * it holds. As one in shared memory, a waiter returns true if the flag was set at some moment
 * during its wait, even if cleared since.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapEvent implements EventOps {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean flag;
    /** Bumped by every set (under the lock), so a waiter sees a set even if a clear followed it. */
    private long generation;

    /** A new event, not set. */
    public HeapEvent() {
    }

    @Override
    public void set() {
        lock.lock();
        try {
            flag = true;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        flag = false;
    }

    @Override
    public boolean isSet() {
        return flag;
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        if (flag) return true;
        lock.lockInterruptibly();
        try {
            if (flag) return true;
            long seen = generation;
            return HeapWaits.awaitUntil(changed, () -> generation != seen, timeoutNanos);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "HeapEvent[" + (isSet() ? "set" : "unset") + "]";
    }
}
