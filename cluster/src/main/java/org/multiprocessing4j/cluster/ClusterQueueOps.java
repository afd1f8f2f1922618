package org.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.multiprocessing4j.sync.QueueOps;

/**
 * The {@link QueueOps} of a cluster's queue: an {@code IQueue<byte[]>} of sealed messages (the
 * public queue serializes the items; this seals the bytes and checks the seal before handing them
 * back). A bound is the IQueue's {@code maxSize}, a member-side configuration added dynamically
 * when the queue is first made. A joinable queue counts unfinished messages in an entry of
 * {@value #UNFINISHED_MAP}, changed by {@link CountChange}.
 *
 * <p>Waits hold no request open on a member ({@link ClusterWait}) and every state change runs to
 * its end ({@link RoundTrips}), so a timeout or an interrupt loses no message and miscounts
 * nothing. Thread-safe; travels (captured by a task) as the cluster's and the queue's names.
 */
final class ClusterQueueOps implements QueueOps, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The IMap of joinable queues' unfinished counts, by queue name. */
    static final String UNFINISHED_MAP = "mp4j.unfinished";
    private static final String PREFIX = "mp4j.queue.";

    private final ClusterRef ref;
    private final String name;
    private final int maxsize;
    private final boolean joinable;

    private ClusterQueueOps(ClusterRef ref, String name, int maxsize, boolean joinable) {
        this.ref = ref;
        this.name = name;
        this.maxsize = maxsize;
        this.joinable = joinable;
    }

    /**
     * The queue {@code name} of the cluster, of at most {@code maxsize} messages (0: unbounded).
     *
     * @throws IllegalArgumentException if the cluster has a queue of that name with another bound
     */
    static ClusterQueueOps open(ClusterContext context, String name, int maxsize, boolean joinable) {
        Objects.requireNonNull(name, "name");
        int bound = Math.max(0, maxsize);
        try {
            context.hazelcast.getConfig().addQueueConfig(HazelcastConfigs.queue(context, hazelcastName(name), bound));
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException("cluster '" + context.name + "' has a queue '" + name + "' with another bound than "
                    + (bound == 0 ? "none" : "maxsize " + bound) + ": use the same bound everywhere, or another name", e);
        }
        return new ClusterQueueOps(new ClusterRef(context), name, bound, joinable);
    }

    /** The name of the Hazelcast queue behind queue {@code name}. */
    static String hazelcastName(String name) {
        return PREFIX + name;
    }

    private IQueue<byte[]> queue() {
        return ref.hazelcast().getQueue(hazelcastName(name));
    }

    private IMap<String, Long> unfinished() {
        return ref.hazelcast().getMap(UNFINISHED_MAP);
    }

    @Override
    public boolean put(byte[] message, long timeoutNanos) throws InterruptedException {
        byte[] sealed = ref.context().sealer.seal(message);
        if (joinable) count(1);         // before the message is visible: a join never sees 0 while it is queued
        boolean put = false;
        try {
            IQueue<byte[]> queue = queue();
            put = ClusterWait.until(ClusterWait.items(queue),
                    () -> RoundTrips.uninterruptibly(() -> queue.offer(sealed)) ? Boolean.TRUE : null, timeoutNanos) != null;
            return put;
        } finally {
            if (joinable && !put) count(-1);
        }
    }

    @Override
    public byte[] get(long timeoutNanos) throws InterruptedException, IOException {
        IQueue<byte[]> queue = queue();
        byte[] sealed = ClusterWait.until(ClusterWait.items(queue), () -> RoundTrips.uninterruptibly(queue::poll), timeoutNanos);
        return sealed == null ? null : ref.context().sealer.open(sealed, "an item of queue '" + name + "'");
    }

    @Override
    public int size() {
        return queue().size();
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public void taskDone() {
        if (!joinable) throw new IllegalStateException("taskDone() on queue '" + name + "', which is not joinable");
        if (!count(-1)) throw new IllegalStateException("taskDone() called more times than there were items in queue '" + name + "'");
    }

    private boolean count(long delta) {
        IMap<String, Long> counts = unfinished();
        return RoundTrips.uninterruptibly(() -> counts.executeOnKey(name, new CountChange(delta)));
    }

    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        if (!joinable) return true;
        IMap<String, Long> counts = unfinished();
        return ClusterWait.until(ClusterWait.entry(counts, name), () -> counts.containsKey(name) ? null : Boolean.TRUE, timeoutNanos) != null;
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + name + "@" + ref + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
    }
}
