package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.SemaphoreCore;

/**
 * A mutual-exclusion lock shared by processes: CPython's {@code multiprocessing.Lock}. Created in
 * one process, it travels to children captured by their targets, and all of them exclude each
 * other (and each other's threads).
 *
 * <pre>{@code
 * var lock = new Lock();
 * new Process(() -> { try (var held = lock.hold()) { System.out.println("hello"); } }).start();
 * }</pre>
 *
 * <p>As in CPython, the lock is not owned by a thread: any thread of any process may release it,
 * but releasing a lock that is not held throws {@link IllegalStateException}. It is not reentrant
 * (see {@link RLock}).
 *
 * <p><b>Beyond CPython:</b> a lock held by a process that dies ({@code kill -9} included) is
 * recovered: a waiter notices within about 100 ms and takes it.
 *
 * <p>Waiting spins briefly, then sleeps in the kernel (futex); an interrupt is noticed within
 * 100 ms. Thread-safe and process-safe.
 */
public final class Lock implements SharedLock, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedObject shared;
    private final transient SemaphoreCore core;
    /** The thread of this process that acquired the lock, while it holds it (for {@link Condition}). */
    private transient volatile Thread owner;

    /** A new, unlocked lock. */
    public Lock() {
        this.shared = SharedObject.create(SharedForm.LOCK, SemaphoreCore.BYTES);
        this.core = SemaphoreCore.init(shared.payload(), 1, 1, true);
    }

    Lock(SharedObject shared) {
        this.shared = shared;
        this.core = new SemaphoreCore(shared.payload());
    }

    @Override
    public void acquire() throws InterruptedException {
        core.acquire(Long.MAX_VALUE);
        owner = Thread.currentThread();
    }

    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        if (!core.acquire(Deadline.nanos(timeout))) return false;
        owner = Thread.currentThread();
        return true;
    }

    @Override
    public void release() {
        Thread previous = owner;
        owner = null;
        try {
            core.release();
        } catch (IllegalStateException e) {
            owner = previous;
            throw e;
        }
    }

    /** True while some thread of some process holds the lock. */
    public boolean isLocked() {
        return core.value() == 0;
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    @Override
    public String toString() {
        return "Lock[" + (isLocked() ? "locked" : "unlocked") + "]";
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(SharedForm.LOCK, shared.transfer());
    }
}
