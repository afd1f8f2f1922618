package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.SemaphoreCore;

/**
 * A reentrant lock shared by processes: CPython's {@code multiprocessing.RLock}. The thread that
 * acquired it may acquire it again; it is free once released as many times. Only the owning
 * thread (of the owning process) may release it.
 *
 * <p><b>Beyond CPython:</b> a lock held by a process that dies is recovered, as with {@link Lock}.
 *
 * <p>Thread-safe and process-safe.
 */
public final class RLock implements SharedLock, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    // Payload: the mutex, then the owner (written only by the thread holding the mutex).
    private static final long OWNER_PID = SemaphoreCore.BYTES, OWNER_THREAD = OWNER_PID + 8, COUNT = OWNER_PID + 16;

    private final transient SharedObject shared;
    private final transient SemaphoreCore mutex;
    private final transient MemorySegment state;

    /** A new, unlocked reentrant lock. */
    public RLock() {
        this.shared = SharedObject.create(SharedForm.RLOCK, SemaphoreCore.BYTES + 64);
        this.mutex = SemaphoreCore.init(shared.payload(), 1, 1, true);
        this.state = shared.payload();
    }

    RLock(SharedObject shared) {
        this.shared = shared;
        this.mutex = new SemaphoreCore(shared.payload());
        this.state = shared.payload();
    }

    @Override
    public void acquire() throws InterruptedException {
        acquire(null);
    }

    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        if (isHeldByCurrentThread()) {
            state.set(ValueLayout.JAVA_INT, COUNT, count() + 1);
            return true;
        }
        if (!mutex.acquire(timeout == null ? Long.MAX_VALUE : Deadline.nanos(timeout))) return false;
        state.set(ValueLayout.JAVA_LONG, OWNER_PID, ProcessHandle.current().pid());
        state.set(ValueLayout.JAVA_LONG, OWNER_THREAD, Thread.currentThread().threadId());
        state.set(ValueLayout.JAVA_INT, COUNT, 1);
        return true;
    }

    @Override
    public void release() {
        if (!isHeldByCurrentThread()) throw new IllegalStateException("cannot release an RLock this thread does not hold");
        int count = count() - 1;
        state.set(ValueLayout.JAVA_INT, COUNT, count);
        if (count == 0) {
            state.set(ValueLayout.JAVA_LONG, OWNER_PID, 0);
            mutex.release();
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return mutex.value() == 0 && count() > 0
                && state.get(ValueLayout.JAVA_LONG, OWNER_PID) == ProcessHandle.current().pid()
                && state.get(ValueLayout.JAVA_LONG, OWNER_THREAD) == Thread.currentThread().threadId();
    }

    /** How many times the owning thread holds it (0 when free or held elsewhere). */
    int count() {
        return state.get(ValueLayout.JAVA_INT, COUNT);
    }

    /** Releases every hold of the current thread and returns how many there were (for {@link Condition}). */
    int releaseAll() {
        int count = count();
        state.set(ValueLayout.JAVA_INT, COUNT, 1);
        release();
        return count;
    }

    /** Acquires again as many times as {@link #releaseAll} released. */
    void reacquire(int count) throws InterruptedException {
        acquire();
        state.set(ValueLayout.JAVA_INT, COUNT, count);
    }

    @Override
    public String toString() {
        return "RLock[" + (mutex.value() == 0 ? "locked" : "unlocked") + "]";
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(SharedForm.RLOCK, shared.transfer());
    }
}
