package org.multiprocessing4j.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.ProcessException;
import org.multiprocessing4j.ProcessPoolExecutor;
import org.multiprocessing4j.spi.Backends;

/**
 * A Hazelcast cluster of worker members, giving the same types as one machine: a {@link Pool}
 * and a {@link ProcessPoolExecutor} whose tasks run on the members, and queues, maps, lists,
 * locks, events and values that every member and connected program shares.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.connect(ClusterOptions.members("10.0.0.1:5701").keyFile(Path.of("cluster.key")));
 *      Pool pool = cluster.pool()) {
 *     List<Integer> squares = pool.map(x -> x * x, inputs);        // run on the members, in order
 * }
 * }</pre>
 *
 * <p><b>Members</b> are JVMs started with {@link ClusterMember} ({@code java -jar
 * multiprocessing4j-cluster-<version>-member.jar --join host:port}); they run the tasks, so the
 * task classes (the program's jar) must be on their class path too ({@code --class-path}). The
 * program connects as a Hazelcast client: it stores no data and runs no task.
 *
 * <p><b>Pools.</b> A worker is a slot on a member, running tasks in the member's JVM; the members'
 * {@code --workers} add up to {@link #workers()}, the default pool size. Everything a
 * {@link Pool} does locally it does here (order, chunks, callbacks, imap, worker state,
 * exceptions re-thrown as their own type), with one difference: a task whose member leaves the
 * cluster (crashes, is killed, is cut off) is run again on another member, at least once and at
 * most three times, instead of failing with {@link org.multiprocessing4j.WorkerLostException};
 * tasks must therefore tolerate running twice. A task timeout and per-worker JVM options are
 * refused ({@link UnsupportedOperationException}): there is no worker process to kill or start.
 *
 * <p><b>Security.</b> Hazelcast's open edition does not authenticate members or clients. Every
 * object of the program's that crosses the cluster is sealed with the cluster's key (HMAC-SHA256)
 * and deserialized only after its seal checks, and Hazelcast's own Java deserialization is limited
 * to the JDK's, Hazelcast's and this library's classes. Still, keep the members' ports on a
 * private network: a peer that reaches them can join and disturb the cluster.
 *
 * <p>Thread-safe.
 */
public final class Cluster implements AutoCloseable {

    /** Hazelcast's client logs every connection step at INFO: a program shows only its warnings unless told otherwise. */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

    private final ClusterContext context;
    private final boolean connected;

    private Cluster(ClusterContext context, boolean connected) {
        this.context = context;
        this.connected = connected;
    }

    /**
     * Connects this program to a cluster as a client, waiting up to the options' connect timeout
     * for a member to answer.
     *
     * @throws IllegalStateException if no key is given nor set in the environment, or this JVM is
     *                               connected to a cluster of that name already
     * @throws ProcessException      if no member could be reached in time
     */
    public static Cluster connect(ClusterOptions options) {
        Objects.requireNonNull(options, "options");
        Sealer sealer = new Sealer(options.resolvedKey());
        if (HAZELCAST_LOGGER.getLevel() == null) HAZELCAST_LOGGER.setLevel(Level.WARNING);
        HazelcastInstance client;
        try {
            client = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(options.clusterName(),
                    options.memberAddresses(), options.connectTimeout().toMillis()));
        } catch (IllegalStateException e) {
            throw new ProcessException("cannot reach cluster '" + options.clusterName() + "' at " + options.memberAddresses()
                    + " within " + options.connectTimeout() + ": " + e.getMessage(), e);
        }
        ClusterContext context = new ClusterContext(options.clusterName(), client, sealer, contextLoader(), null);
        try {
            context.register();
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        return new Cluster(context, true);
    }

    /**
     * The cluster this JVM belongs to: in a task on a member, that member's; in a program, the one
     * it connected to. {@link #close()} on it does nothing in a member.
     *
     * @throws IllegalStateException if this JVM is in no cluster, or in several
     */
    public static Cluster local() {
        return new Cluster(ClusterContext.only(), false);
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : Cluster.class.getClassLoader();
    }

    /** The cluster's name. */
    public String name() {
        return context.name;
    }

    /** The members that run pool workers, as {@code host:port}, in the cluster's order. */
    public List<String> members() {
        return ClusterSite.workerMembers(context).stream().map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort()).toList();
    }

    /** How many pool workers the members run at once, all together: the default pool size. */
    public int workers() {
        return ClusterSite.workerMembers(context).stream().mapToInt(ClusterSite::workersOf).sum();
    }

    /** A pool of {@link #workers()} workers on the members. @throws ProcessException if there is no member */
    public Pool pool() {
        return pool(PoolOptions.defaults().processes(Math.max(1, workers())));
    }

    /** A pool of {@code processes} workers on the members. */
    public Pool pool(int processes) {
        return pool(PoolOptions.defaults().processes(processes));
    }

    /**
     * A pool on the members made as {@code options} say.
     *
     * @throws UnsupportedOperationException if the options ask for a task timeout or JVM options
     */
    public Pool pool(PoolOptions options) {
        return Backends.factory().pool(options, new ClusterSite(context));
    }

    /** An executor of {@link #workers()} workers on the members. */
    public ProcessPoolExecutor executor() {
        return executor(PoolOptions.defaults().processes(Math.max(1, workers())));
    }

    /**
     * An executor on the members made as {@code options} say.
     *
     * @throws UnsupportedOperationException if the options ask for a task timeout or JVM options
     */
    public ProcessPoolExecutor executor(PoolOptions options) {
        return Backends.factory().executor(options, new ClusterSite(context));
    }

    ClusterContext context() {
        return context;
    }

    /**
     * Disconnects a program from the cluster (its pools must be closed first: their workers'
     * messages go through this connection). In a member, does nothing.
     */
    @Override
    public void close() {
        if (!connected) return;
        context.unregister();
        context.hazelcast.shutdown();
    }

    @Override
    public String toString() {
        return "Cluster[" + context.name + ", members=" + ClusterSite.workerMembers(context).stream().map(Member::getAddress).toList() + "]";
    }
}
