package org.multiprocessing4j.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Barrier;
import org.multiprocessing4j.BoundedSemaphore;
import org.multiprocessing4j.Condition;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.ProcessException;
import org.multiprocessing4j.ProcessPoolExecutor;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.Semaphore;
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
 * cluster (crashes, is killed, is cut off) is run again on another member instead of failing with
 * {@link org.multiprocessing4j.WorkerLostException}: at least once and at most three times (lost a
 * third time, it fails with it); tasks must therefore tolerate running twice. A task timeout and
 * per-worker JVM options are refused ({@link UnsupportedOperationException}): there is no worker
 * process to kill or start.
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
     * @throws IllegalStateException    if no key is given nor set in the environment, or this JVM is
     *                                  connected to a cluster of that name already
     * @throws IllegalArgumentException if the environment's key is shorter than 16 bytes
     * @throws ProcessException         if no member could be reached in time, or a member in the
     *                                  cluster then has another key or does not answer the key check
     *                                  within 30 s (an {@link AuthenticationException} cause names it)
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
            KeyCheck.members(context);
            context.register();
        } catch (AuthenticationException e) {
            client.shutdown();
            throw new ProcessException(e.getMessage(), e);
        } catch (InterruptedException e) {
            client.shutdown();
            Thread.currentThread().interrupt();
            throw new ProcessException("interrupted while checking the members' key", e);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
        return new Cluster(context, true);
    }

    /**
     * The cluster this JVM belongs to: in a task on a member, that member's; in a program, the one
     * it connected to. {@link #close()} on it does nothing (a program's connection is closed by the
     * {@link #connect} caller's handle).
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

    /**
     * Waits until the cluster has at least {@code count} members that run pool workers, at most
     * {@code timeout} (members started together join one by one, within seconds).
     *
     * @return true if it has them
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitMembers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ClusterSite.workerMembers(context).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            Thread.sleep(Math.min(50, Math.max(1, left / 1_000_000)));
        }
        return true;
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

    /**
     * The cluster's unbounded queue {@code name}, made on first use: every member and program that
     * asks for the name gets the same queue, and a task may capture it. FIFO as a whole (the items
     * one producer puts come out in its order). Items are serialized in {@code put} and sealed with
     * the cluster's key; {@code get} refuses an item not sealed with it (written by a peer without
     * the key) with an {@link java.io.UncheckedIOException} whose cause is an
     * {@link org.multiprocessing4j.AuthenticationException} naming the queue, the item being
     * dropped unread. The items are kept on the members (one backup): they survive a member's loss,
     * not the whole cluster's. {@code put} and {@code get} honour their timeout and interruption
     * without losing an item.
     *
     * @throws IllegalArgumentException if the cluster has a queue of that name with a bound
     */
    public <T> Queue<T> queue(String name) {
        return queue(name, 0);
    }

    /**
     * The cluster's queue {@code name} of at most {@code maxsize} items (zero or less: unbounded),
     * as {@link #queue(String)}. The bound is the Hazelcast queue's, set on the members the first
     * time the name is used; a {@code put} into a full queue waits for room.
     *
     * @throws IllegalArgumentException if the cluster has a queue of that name with another bound
     */
    public <T> Queue<T> queue(String name, int maxsize) {
        return Backends.factory().queue(ClusterQueueOps.open(context, name, maxsize, false));
    }

    /** The cluster's unbounded joinable queue {@code name}: {@link #joinableQueue(String, int)}. */
    public <T> JoinableQueue<T> joinableQueue(String name) {
        return joinableQueue(name, 0);
    }

    /**
     * The cluster's joinable queue {@code name} of at most {@code maxsize} items (zero or less:
     * unbounded), as {@link #queue(String, int)}, counting unfinished items on the cluster: a
     * {@code put} counts its item before the item is visible (a {@code join} never sees none
     * unfinished while an item is queued), {@code taskDone} more times than items were put throws
     * {@link IllegalStateException}, and {@code join} anywhere waits until the count is 0. A queue
     * name used both plain and joinable is one queue; only the joinable handles count.
     *
     * @throws IllegalArgumentException if the cluster has a queue of that name with another bound
     */
    public <T> JoinableQueue<T> joinableQueue(String name, int maxsize) {
        return Backends.factory().joinableQueue(ClusterQueueOps.open(context, name, maxsize, true));
    }

    /**
     * The cluster's map {@code name}, made on first use, shared by every member and program (a task
     * may capture it). Each operation is atomic on the cluster: {@code putIfAbsent},
     * {@code replace} and {@code remove(key, value)} included, so {@code compute} and
     * {@code merge} are atomic too (by retrying). Keys and values are serialized and sealed; equal
     * keys must serialize alike. Iteration and the key, value and entry views are snapshots taken
     * when asked for. Nulls are refused. Kept on the members with one backup.
     */
    public <K, V> ConcurrentMap<K, V> dict(String name) {
        return new ClusterDict<>(context, name);
    }

    /**
     * The cluster's list {@code name}, made on first use, shared by every member and program (a task
     * may capture it). Each method is one atomic operation on the cluster; iteration reads element
     * by element. Elements are serialized and sealed. Kept on the members with one backup.
     */
    public <E> List<E> list(String name) {
        return new ClusterList<>(context, name);
    }

    /**
     * The cluster's lock {@code name}: as {@link Lock}, not reentrant (a second acquire by its
     * holder waits for someone else's release) and not owned (any thread of any member or program
     * may release it; releasing it while free throws {@link IllegalStateException}). When the
     * member or program whose thread took it leaves the cluster (crashes, is killed, disconnects),
     * Hazelcast releases it; a task that ends without releasing keeps it held while its member
     * runs. Waiting honours its timeout and interruption; a release wakes waiters at once, and a
     * dead holder's release within about 200 ms.
     */
    public Lock lock(String name) {
        return Backends.factory().lock(new ClusterLock(context, Objects.requireNonNull(name, "name")));
    }

    /**
     * The cluster's reentrant lock {@code name}: as {@link RLock}, owned by the thread that took it
     * (in its member or program), which may take it again, and released when that thread has
     * released it as many times; a release by another thread throws {@link IllegalStateException}.
     * Released by Hazelcast when its holder's member or program leaves the cluster, as
     * {@link #lock(String)}. Lock and RLock names are one name space: do not use a name for both.
     */
    public RLock rLock(String name) {
        return Backends.factory().rLock(new ClusterRLock(context, Objects.requireNonNull(name, "name")));
    }

    /**
     * The cluster's event {@code name}, made unset on first use: as {@link Event}, {@code set}
     * wakes every waiter on every member and program, and a waiter returns true if the flag was set
     * at some moment during its wait even if cleared at once. Waiting honours its timeout and
     * interruption.
     */
    public Event event(String name) {
        return Backends.factory().event(new ClusterEventOps(context, Objects.requireNonNull(name, "name")));
    }

    /**
     * The cluster's value {@code name}, set to {@code initial} if the cluster has none of that name
     * yet (else {@code initial} is ignored). Every operation is atomic on the cluster;
     * {@code compareAndSet} compares with {@code equals}; {@code updateAndGet} runs its function
     * once per call, on the member that holds the value (its class must be on the members' class
     * path), while no other change of that value runs; if that member is lost mid-call, the call
     * may fail or be retried on the backup's member, so the function may have run, or run twice.
     * Values are serialized and sealed.
     */
    public <T> Manager.ValueProxy<T> value(String name, T initial) {
        return ClusterValue.open(context, name, initial);
    }

    /** Refused: see {@link #cpSubsystemNeeded}. @throws UnsupportedOperationException always */
    public Semaphore semaphore(String name, int value) {
        throw cpSubsystemNeeded("semaphore");
    }

    /** Refused: see {@link #cpSubsystemNeeded}. @throws UnsupportedOperationException always */
    public BoundedSemaphore boundedSemaphore(String name, int value) {
        throw cpSubsystemNeeded("bounded semaphore");
    }

    /** Refused: see {@link #cpSubsystemNeeded}. @throws UnsupportedOperationException always */
    public Condition condition(String name) {
        throw cpSubsystemNeeded("condition");
    }

    /** Refused: see {@link #cpSubsystemNeeded}. @throws UnsupportedOperationException always */
    public Barrier barrier(String name, int parties) {
        throw cpSubsystemNeeded("barrier");
    }

    /**
     * Why semaphores, conditions and barriers are not offered: done safely they need Hazelcast's CP
     * subsystem (ISemaphore, ICountDownLatch, linearizable and released for dead holders), which is
     * Enterprise-only since Hazelcast 5.5; emulated on IMap entries, a member or program that dies
     * would keep its permits or leave the others waiting for ever.
     */
    private static UnsupportedOperationException cpSubsystemNeeded(String what) {
        return new UnsupportedOperationException("a cluster " + what + " is not offered: it needs Hazelcast's CP subsystem"
                + " (ISemaphore, ICountDownLatch), Enterprise-only since Hazelcast 5.5, and an emulation on IMap entries"
                + " would not release what a dead member or program held; use lock(), event(), a queue or value() instead");
    }

    ClusterContext context() {
        return context;
    }

    /**
     * Disconnects a program from the cluster (its pools must be closed first: their workers'
     * messages go through this connection). In a member, or on a handle from {@link #local()},
     * does nothing.
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
