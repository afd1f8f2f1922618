package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.RLockCore;

/**
 * A reentrant lock shared by processes: CPython's {@code multiprocessing.RLock}. The thread that
 * acquired it may acquire it again; it is free once released as many times. Only the owning
 * thread (of the owning process) may release it.
 *
 * <p><b>Beyond CPython:</b> a lock held by a process that dies is recovered, as with {@link Lock}.
 *
 * <p>Thread-safe and process-safe.
 *
 * <p>An RLock a manager holds has the same API; each call is a round trip to the server. The lock
 * of a condition a manager holds ({@link Condition#lock()}) is such an RLock.
 */
public final class RLock implements SharedLock, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    final transient LockOps ops;
    /** The lock's shared memory; null if it lives elsewhere (then {@link #ops} travels). */
    private final transient SharedObject shared;

    /** A new, unlocked reentrant lock. */
    public RLock() {
        this.shared = SharedObject.create(SharedForm.RLOCK, RLockCore.BYTES);
        this.ops = RLockCore.init(shared.payload());
    }

    RLock(SharedObject shared) {
        this.shared = shared;
        this.ops = new RLockCore(shared.payload());
    }

    /** A reentrant lock that lives where {@code ops} does (a manager's server, a cluster). */
    RLock(LockOps ops) {
        this.shared = null;
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    @Override
    public void acquire() throws InterruptedException {
        ops.acquire(Long.MAX_VALUE);
    }

    @Override
    public boolean acquire(Duration timeout) throws InterruptedException {
        return ops.acquire(timeout == null ? Long.MAX_VALUE : Deadline.nanos(timeout));
    }

    @Override
    public void release() {
        ops.release();
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
        return "RLock[" + (ops.isLocked() ? "locked" : "unlocked") + "]";
    }

    @Serial
    private Object writeReplace() {
        return SharedForm.of(SharedForm.RLOCK, shared, ops);
    }
}
