package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import org.multiprocessing4j.sync.EventOps;

/**
 * The {@link EventOps} of a cluster's event: its state is an entry of {@value #MAP} (flag and
 * generation, see {@link EventChange}), changed atomically by entry processors. A waiter returns
 * true if the flag is set, or if the generation moved during its wait: a set that a clear followed
 * at once still wakes it, as {@code threading.Event}.
 *
 * <p>Thread-safe; travels (captured by a task) as the cluster's and the event's names.
 */
final class ClusterEventOps implements EventOps, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String MAP = "mp4j.events";

    private final ClusterRef ref;
    private final String name;

    ClusterEventOps(ClusterContext context, String name) {
        this.ref = new ClusterRef(context);
        this.name = name;
    }

    private IMap<String, Long> events() {
        return ref.hazelcast().getMap(MAP);
    }

    private long state() {
        Long state = events().get(name);
        return state == null ? 0 : state;
    }

    @Override
    public void set() {
        events().executeOnKey(name, new EventChange(true));
    }

    @Override
    public void clear() {
        events().executeOnKey(name, new EventChange(false));
    }

    @Override
    public boolean isSet() {
        return EventChange.isSet(state());
    }

    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        long start = state();
        if (EventChange.isSet(start)) return true;
        long generation = EventChange.generation(start);
        return ClusterWait.until(ClusterWait.entry(events(), name), () -> {
            long now = state();
            return EventChange.isSet(now) || EventChange.generation(now) != generation ? Boolean.TRUE : null;
        }, timeoutNanos) != null;
    }

    @Override
    public String toString() {
        return "ClusterEvent[" + name + "@" + ref + "]";
    }
}
