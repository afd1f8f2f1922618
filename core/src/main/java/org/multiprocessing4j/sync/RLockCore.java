package org.multiprocessing4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reentrant lock in shared memory, owned by the thread (of the process) that acquired it: the
 * core of {@code RLock}.
 *
 * <p>Layout ({@link #BYTES} bytes): a {@link SemaphoreCore} of one permit (the mutex), then the
 * owner's pid (long), its thread id (long) and its hold count (int), written only by the thread
 * holding the mutex.
 *
 * <p>Thread-safe and process-safe.
 */
public final class RLockCore implements LockOps {

    /** Bytes the core occupies. */
    public static final long BYTES = SemaphoreCore.BYTES + 64;
    private static final long OWNER_PID = SemaphoreCore.BYTES, OWNER_THREAD = OWNER_PID + 8, COUNT = OWNER_PID + 16;

    private final SemaphoreCore mutex;
    private final MemorySegment state;

    /** Views a core that {@link #init} laid out in {@code region}. */
    public RLockCore(MemorySegment region) {
        this.mutex = new SemaphoreCore(region);
        this.state = region;
    }

    /** Lays out a new, unlocked core in a zero-filled region and returns a view of it. */
    public static RLockCore init(MemorySegment region) {
        SemaphoreCore.init(region, 1, 1, true);
        return new RLockCore(region);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        if (isHeldByCurrentThread()) {
            state.set(ValueLayout.JAVA_INT, COUNT, count() + 1);
            return true;
        }
        if (!mutex.acquire(timeoutNanos)) return false;
        state.set(ValueLayout.JAVA_LONG, OWNER_PID, ProcessHandle.current().pid());
        state.set(ValueLayout.JAVA_LONG, OWNER_THREAD, Thread.currentThread().threadId());
        state.set(ValueLayout.JAVA_INT, COUNT, 1);
        return true;
    }

    @Override
    public void release() {
        if (!isHeldByCurrentThread()) throw notHeld();
        int count = count() - 1;
        state.set(ValueLayout.JAVA_INT, COUNT, count);
        if (count == 0) {
            state.set(ValueLayout.JAVA_LONG, OWNER_PID, 0);
            mutex.release();
        }
    }

    /** What a release by a thread that does not hold the lock throws, here and in {@link HeapRLock}. */
    static IllegalStateException notHeld() {
        return new IllegalStateException("cannot release an RLock this thread does not hold");
    }

    @Override
    public boolean isLocked() {
        return mutex.value() == 0;
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return mutex.value() == 0 && count() > 0
                && state.get(ValueLayout.JAVA_LONG, OWNER_PID) == ProcessHandle.current().pid()
                && state.get(ValueLayout.JAVA_LONG, OWNER_THREAD) == Thread.currentThread().threadId();
    }

    /** How many times the owning thread holds it (0 when free or held elsewhere). */
    private int count() {
        return state.get(ValueLayout.JAVA_INT, COUNT);
    }

    /** Releases every hold of the current thread and returns how many there were (for a condition's wait). */
    int releaseAll() {
        int count = count();
        state.set(ValueLayout.JAVA_INT, COUNT, 1);
        release();
        return count;
    }

    /** Acquires again as many times as {@link #releaseAll} released. */
    void reacquire(int count) throws InterruptedException {
        acquire(Long.MAX_VALUE);
        state.set(ValueLayout.JAVA_INT, COUNT, count);
    }
}
