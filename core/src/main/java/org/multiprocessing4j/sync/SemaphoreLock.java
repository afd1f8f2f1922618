package org.multiprocessing4j.sync;

import java.util.Objects;

/**
 * A non-reentrant lock made of a semaphore of one permit, as CPython's {@code Lock}: not owned, so
 * any thread may release it, but releasing it while it is free throws
 * {@link IllegalStateException}. It remembers which thread of this JVM acquired it, for
 * {@link #isHeldByCurrentThread()} (which a condition needs).
 *
 * <p>Thread-safe, and process-safe if its semaphore is.
 */
public class SemaphoreLock implements LockOps {

    private final SemaphoreOps permit;
    /** The thread of this JVM that acquired the lock, while it holds it. */
    private volatile Thread owner;

    /** A lock on {@code permit}, a semaphore whose maximum is one permit. */
    public SemaphoreLock(SemaphoreOps permit) {
        this.permit = Objects.requireNonNull(permit, "permit");
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (!permit.acquire(timeoutNanos)) return false;
        owner = Thread.currentThread();
        return true;
    }

    @Override
    public void release() {
        Thread previous = owner;
        owner = null;
        try {
            permit.release();
        } catch (IllegalStateException e) {
            owner = previous;
            throw e;
        }
    }

    @Override
    public boolean isLocked() {
        return permit.value() == 0;
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }
}
