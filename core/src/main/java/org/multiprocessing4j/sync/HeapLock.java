package org.multiprocessing4j.sync;

/**
 * A lock in this JVM's heap, for a manager's server: the {@link LockOps} of a {@code Lock} it
 * holds. As CPython's {@code Lock}, not reentrant and not owned: any thread may release it, but
 * releasing it while it is free throws {@link IllegalStateException}, as one in shared memory does.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapLock extends SemaphoreLock {

    /** A new, unlocked lock. */
    public HeapLock() {
        super(new HeapSemaphore(1, true));
    }

    @Override
    public String toString() {
        return "HeapLock[" + (isLocked() ? "locked" : "unlocked") + "]";
    }
}
