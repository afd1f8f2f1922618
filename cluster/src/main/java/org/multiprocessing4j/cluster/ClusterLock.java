package org.multiprocessing4j.cluster;

import java.io.Serial;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.sync.LockOps;

/**
 * The {@link LockOps} of a cluster's {@code Lock}: as CPython's, not reentrant and not owned. The
 * IMap lock under it is reentrant and owned by a thread, so this JVM remembers which of its threads
 * took it:
 * <ul>
 * <li>an acquire by the thread that holds it waits, as a local one does, until another thread
 *     (of any JVM) releases it, or the time runs out;</li>
 * <li>a release by the thread that took it unlocks it; a release by any other thread, here or in
 *     another JVM, force-unlocks it (two such releases racing may both succeed, the second
 *     releasing a later holder's hold: pair each acquire with one release, as locally);</li>
 * <li>a release of a lock no one holds throws {@link IllegalStateException}, as locally.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class ClusterLock extends ClusterLockOps {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The thread of this JVM that took each lock (by {@link #localKey()}), while it may hold it. */
    private static final ConcurrentHashMap<String, Thread> TAKERS = new ConcurrentHashMap<>();

    ClusterLock(ClusterContext context, String name) {
        super(context, name);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        Thread self = Thread.currentThread();
        String key = localKey();
        return waitFor(() -> {
            if (TAKERS.get(key) == self) {
                if (isLocked()) return false;        // held by this thread (or, after a release elsewhere, by another)
                TAKERS.remove(key, self);
            }
            if (!tryLockNow()) return false;
            TAKERS.put(key, self);
            return true;
        }, timeoutNanos);
    }

    @Override
    public void release() {
        String key = localKey();
        if (TAKERS.remove(key, Thread.currentThread()) && unlockOwn()) return;
        // Released by another thread than the taker (or the taker's hold was released elsewhere).
        if (!isLocked()) throw new IllegalStateException("release of a lock that is not held: cluster lock '" + name + "'");
        unlockAny();
        TAKERS.remove(key);
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return TAKERS.get(localKey()) == Thread.currentThread() && isLocked();
    }
}
