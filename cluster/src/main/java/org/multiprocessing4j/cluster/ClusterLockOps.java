package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.sync.LockOps;

/**
 * What a cluster's {@link ClusterLock} and {@link ClusterRLock} share: the lock is the IMap
 * per-key lock of its name in {@value #LOCKS}, which Hazelcast owns by (member or client, thread)
 * and releases by itself when the member or client that holds it leaves the cluster (crashes, is
 * killed, disconnects). A waiter tries {@code tryLock} without waiting on the member and tries
 * again when a release is announced (an entry of {@value #RELEASES}) or every
 * {@link ClusterWait#RECHECK_NANOS} (a dead holder's release announces nothing), so that a
 * timeout or an interrupt leaves no lock request pending on a member.
 *
 * <p>Thread-safe; travels (captured by a task) as the cluster's and the lock's names.
 */
abstract sealed class ClusterLockOps implements LockOps, Serializable permits ClusterLock, ClusterRLock {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String LOCKS = "mp4j.locks", RELEASES = "mp4j.lock-releases";

    final ClusterRef ref;
    final String name;

    ClusterLockOps(ClusterContext context, String name) {
        this.ref = new ClusterRef(context);
        this.name = name;
    }

    /** The key of this lock in this JVM's local records: locks of several clusters may share a name. */
    final String localKey() {
        return ref + "/" + name;
    }

    final IMap<String, Object> locks() {
        return ref.hazelcast().getMap(LOCKS);
    }

    /**
     * Takes the cluster lock for the current thread if it is free now.
     *
     * @throws InterruptedException if an interrupt cut the request short: the lock, if the member
     *                              granted it meanwhile, is released again
     */
    final boolean tryLockNow() throws InterruptedException {
        IMap<String, Object> locks = locks();
        try {
            return locks.tryLock(name);
        } catch (Exception e) {     // Hazelcast throws an interrupt as it is, or wrapped
            boolean interrupt = Thread.interrupted() | e instanceof InterruptedException || e.getCause() instanceof InterruptedException;
            if (!interrupt) throw e;
            // The member may have granted it after the caller stopped listening: the same thread's
            // next request on the same key runs after it there, so this unlock undoes that grant.
            try {
                locks.unlock(name);
            } catch (IllegalMonitorStateException notGranted) {
                // it was not
            }
            throw new InterruptedException("interrupted while acquiring lock '" + name + "'");
        }
    }

    /** Releases the cluster lock held by the current thread; false if it does not hold it. */
    final boolean unlockOwn() {
        try {
            locks().unlock(name);
        } catch (IllegalMonitorStateException e) {
            return false;
        }
        announceRelease();
        return true;
    }

    /** Releases the cluster lock whoever holds it. */
    final void unlockAny() {
        locks().forceUnlock(name);
        announceRelease();
    }

    /** Wakes the waiters for this lock. */
    private void announceRelease() {
        ref.hazelcast().<String, Long>getMap(RELEASES).set(name, System.nanoTime());
    }

    /**
     * Waits until {@code attempt} takes the lock, at most {@code timeoutNanos}.
     *
     * @return false if the time ran out
     */
    final boolean waitFor(Attempt attempt, long timeoutNanos) throws InterruptedException {
        IMap<String, Long> releases = ref.hazelcast().getMap(RELEASES);
        InterruptedException[] interrupted = new InterruptedException[1];
        Boolean taken = ClusterWait.until(ClusterWait.entry(releases, name), () -> {
            try {
                return attempt.tryNow() ? Boolean.TRUE : null;
            } catch (InterruptedException e) {
                interrupted[0] = e;
                return Boolean.FALSE;
            }
        }, timeoutNanos);
        if (interrupted[0] != null) throw interrupted[0];
        return taken != null;
    }

    /** One non-blocking try at the lock. */
    @FunctionalInterface
    interface Attempt {
        boolean tryNow() throws InterruptedException;
    }

    @Override
    public final boolean isLocked() {
        return locks().isLocked(name);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + "@" + ref + "]";
    }
}
