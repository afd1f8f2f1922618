package org.multiprocessing4j.cluster;

import java.io.Serial;
import java.util.HashMap;
import java.util.Map;
import org.multiprocessing4j.sync.LockOps;

/**
 * The {@link LockOps} of a cluster's {@code RLock}: reentrant and owned by the thread that took
 * it, as the IMap lock under it. The holds beyond the first are counted in this JVM (one request
 * to the cluster per first acquire and last release); a release by a thread that holds it not
 * throws {@link IllegalStateException}, as locally.
 *
 * <p>Thread-safe.
 */
final class ClusterRLock extends ClusterLockOps {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The current thread's holds, by {@link #localKey()}. */
    private static final ThreadLocal<Map<String, Integer>> HOLDS = ThreadLocal.withInitial(HashMap::new);

    ClusterRLock(ClusterContext context, String name) {
        super(context, name);
    }

    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        Map<String, Integer> holds = HOLDS.get();
        String key = localKey();
        Integer held = holds.get(key);
        if (held != null) {
            holds.put(key, held + 1);
            return true;
        }
        if (!waitFor(this::tryLockNow, timeoutNanos)) return false;
        holds.put(key, 1);
        return true;
    }

    @Override
    public void release() {
        Map<String, Integer> holds = HOLDS.get();
        String key = localKey();
        Integer held = holds.get(key);
        if (held == null) throw new IllegalStateException("cannot release an RLock this thread does not hold: cluster lock '" + name + "'");
        if (held > 1) {
            holds.put(key, held - 1);
            return;
        }
        holds.remove(key);
        if (!unlockOwn()) {
            throw new IllegalStateException("cluster lock '" + name + "' was released under this thread:"
                    + " its connection to the cluster was lost meanwhile");
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return HOLDS.get().containsKey(localKey());
    }
}
