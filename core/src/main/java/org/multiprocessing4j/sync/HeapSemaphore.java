package org.multiprocessing4j.sync;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * A counting semaphore in this JVM's heap, for a manager's server: the {@link SemaphoreOps} of a
 * {@code Semaphore} or {@code BoundedSemaphore} it holds. A bounded one throws what one in shared
 * memory throws when released beyond its initial permits.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapSemaphore implements SemaphoreOps {

    private final Permits permits;

    /**
     * A semaphore with {@code permits} permits; a {@code bounded} one never holds more.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public HeapSemaphore(int permits, boolean bounded) {
        if (permits < 0) throw new IllegalArgumentException("permits must be >= 0: " + permits);
        this.permits = new Permits(permits, bounded ? permits : Integer.MAX_VALUE);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        // A free permit is taken even by an interrupted thread, as in shared memory.
        if (permits.tryAcquireShared(1) >= 0) return true;
        if (timeoutNanos <= 0) return false;
        if (timeoutNanos == Long.MAX_VALUE) {
            permits.acquireSharedInterruptibly(1);
            return true;
        }
        return permits.tryAcquireSharedNanos(1, timeoutNanos);
    }

    @Override
    public void release() {
        permits.releaseShared(1);
    }

    @Override
    public int value() {
        return permits.available();
    }

    @Override
    public String toString() {
        return "HeapSemaphore[permits=" + value() + "]";
    }

    /** The permits, as the state of a synchronizer that queues the waiters. */
    private static final class Permits extends AbstractQueuedSynchronizer {
        private final int max;

        Permits(int permits, int max) {
            this.max = max;
            setState(permits);
        }

        int available() {
            return getState();
        }

        @Override
        protected int tryAcquireShared(int unused) {
            while (true) {
                int v = getState();
                if (v == 0) return -1;
                if (compareAndSetState(v, v - 1)) return v - 1;
            }
        }

        @Override
        protected boolean tryReleaseShared(int unused) {
            while (true) {
                int v = getState();
                if (v >= max) throw SemaphoreCore.tooManyReleases(max);
                if (compareAndSetState(v, v + 1)) return true;
            }
        }
    }
}
