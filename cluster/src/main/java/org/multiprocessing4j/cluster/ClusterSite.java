package org.multiprocessing4j.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.ProcessException;
import org.multiprocessing4j.pool.WorkerLink;
import org.multiprocessing4j.pool.WorkerSite;

/**
 * A pool's workers on a cluster's members: each worker is a slot on one member (see
 * {@link MemberSlots}), placed on the member with the fewest of this pool's workers for its
 * {@code --workers}. A worker whose member leaves is replaced on another member, and the chunks
 * it held run again there: at least once, at most {@value #MAX_RUNS} times. A member a call failed
 * to reach (killed, cut off, or with another key) is given no new worker for
 * {@link #SUSPECT_NANOS} while another member is left: the cluster may list it for seconds after
 * its death, and a replacement placed there would be lost again, and its chunks with it.
 *
 * <p>Options that need a worker process of the pool's own are refused: a task timeout (it would
 * kill the member, and every task it runs) and JVM options (the members' JVMs are started by
 * whoever runs them).
 *
 * <p>Thread-safe.
 */
final class ClusterSite implements WorkerSite {

    /** A task whose member was lost this many times fails: it may be what kills them. */
    static final int MAX_RUNS = 3;
    /** How long a member a call failed to reach is passed over; longer than the 10 s it may take to be removed. */
    static final long SUSPECT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ClusterContext context;
    private final IExecutorService executor;
    private final UUID owner;
    private final Map<UUID, Integer> workersOnMember = new HashMap<>();   // guarded by this
    /** Members a call failed to reach, and when (System.nanoTime()). */
    private final Map<UUID, Long> suspects = new HashMap<>();             // guarded by this

    ClusterSite(ClusterContext context) {
        this.context = context;
        this.executor = context.hazelcast.getExecutorService(HazelcastConfigs.POOL_EXECUTOR);
        this.owner = context.hazelcast.getLocalEndpoint().getUuid();
    }

    @Override
    public void check(PoolOptions options) {
        if (options.taskTimeout() != null) {
            throw new UnsupportedOperationException("a task timeout is not offered on a cluster: a task runs in a member's JVM,"
                    + " and stopping it by force would kill the member and every other task there");
        }
        if (!options.jvmOptions().isEmpty()) {
            throw new UnsupportedOperationException("JVM options are not offered on a cluster: tasks run in the members' JVMs,"
                    + " started with their own options; give them to the members' java command");
        }
    }

    @Override
    public WorkerLink start(String name, PoolOptions options) {
        if (!context.hazelcast.getLifecycleService().isRunning()) {
            throw new ProcessException("the connection to cluster '" + context.name + "' was closed: close its pools first", null);
        }
        byte[] setup = context.seal(new Object[] {options.initializer(), options.workerState()});   // before placing: it may throw
        return new ClusterLink(this, name, placeFor(), context, executor, owner, setup);
    }

    @Override
    public int maxRuns() {
        return MAX_RUNS;
    }

    /**
     * The member with the fewest of this site's workers per worker it offers, passing over the
     * suspects unless only they are left; counts the new one.
     */
    private synchronized Member placeFor() {
        long now = System.nanoTime();
        suspects.values().removeIf(since -> now - since > SUSPECT_NANOS);
        List<Member> members = workerMembers(context);
        List<Member> trusted = members.stream().filter(m -> !suspects.containsKey(m.getUuid())).toList();
        Member best = null;
        double bestLoad = Double.MAX_VALUE;
        for (Member m : trusted.isEmpty() ? members : trusted) {
            double load = (workersOnMember.getOrDefault(m.getUuid(), 0) + 1.0) / workersOf(m);
            if (load < bestLoad) {
                best = m;
                bestLoad = load;
            }
        }
        if (best == null) throw new ProcessException("cluster '" + context.name + "' has no member to run a pool worker on", null);
        workersOnMember.merge(best.getUuid(), 1, Integer::sum);
        return best;
    }

    /** A worker on {@code member} has ended; {@code unreachable} if a call to it failed. */
    synchronized void ended(Member member, boolean unreachable) {
        workersOnMember.computeIfPresent(member.getUuid(), (k, n) -> n <= 1 ? null : n - 1);
        if (unreachable) suspects.put(member.getUuid(), System.nanoTime());
    }

    /** The members that run pool workers (all but lite members), in the cluster's order. */
    static List<Member> workerMembers(ClusterContext context) {
        return context.hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).toList();
    }

    /** How many workers {@code member} runs at once ({@code --workers}). */
    static int workersOf(Member member) {
        String value = member.getAttribute(HazelcastConfigs.WORKERS_ATTRIBUTE);
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
