package org.multiprocessing4j;

import java.time.Duration;

/**
 * A lock shared by processes, {@link Lock} or {@link RLock}: what a {@link Condition} can be built on.
 */
public sealed interface SharedLock permits Lock, RLock {

    /** Acquires the lock, waiting as long as it takes. */
    void acquire() throws InterruptedException;

    /**
     * Acquires the lock, waiting up to {@code timeout} ({@link Duration#ZERO}: only if free now).
     *
     * @return true if acquired
     */
    boolean acquire(Duration timeout) throws InterruptedException;

    /**
     * Releases the lock.
     *
     * @throws IllegalStateException if it is not held (for an {@link RLock}: not by this thread)
     */
    void release();

    /** True if the current thread of this process holds the lock. */
    boolean isHeldByCurrentThread();

    /** Acquires the lock and returns a {@link Held} that releases it: {@code try (var held = lock.hold()) { ... }}. */
    default Held hold() throws InterruptedException {
        acquire();
        return this::release;
    }
}
