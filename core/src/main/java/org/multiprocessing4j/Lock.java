package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.SemaphoreCore;
import org.multiprocessing4j.sync.SemaphoreLock;

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
 *
 * <p>A lock a manager holds (in its server process, which may be on another machine) has the same
 * API; each call is a round trip to the server, and the server releases it when all the
 * connections of its holder's process close (within moments of that process's exit or death).
 */
public final class Lock implements SharedLock, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient LockOps ops;
    /** The lock's shared memory; null if it lives elsewhere (then {@link #ops} travels). */
    private final transient SharedObject shared;

    /** A new, unlocked lock. */
    public Lock() {
        this.shared = SharedObject.create(SharedForm.LOCK, SemaphoreCore.BYTES);
        this.ops = new SemaphoreLock(SemaphoreCore.init(shared.payload(), 1, 1, true));
    }

    Lock(SharedObject shared) {
        this.shared = shared;
        this.ops = new SemaphoreLock(new SemaphoreCore(shared.payload()));
    }

    /** A lock that lives where {@code ops} does (a manager's server, a cluster). */
    Lock(LockOps ops) {
        this.shared = null;
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    @Override
    public void acquire() throws InterruptedException {
        ops.acquire(Long.MAX_VALUE);
    }

    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        return ops.acquire(Deadline.nanos(timeout));
    }

    @Override
    public void release() {
        ops.release();
    }

    /** True while some thread of some process holds the lock. */
    public boolean isLocked() {
        return ops.isLocked();
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return ops.isHeldByCurrentThread();
    }

    /** True if the lock lives in shared memory (what a {@link Condition} needs). */
    boolean inSharedMemory() {
        return shared != null;
    }

    @Override
    public String toString() {
        return "Lock[" + (isLocked() ? "locked" : "unlocked") + "]";
    }

    @Serial
    private Object writeReplace() {
        return SharedForm.of(SharedForm.LOCK, shared, ops);
    }
}
