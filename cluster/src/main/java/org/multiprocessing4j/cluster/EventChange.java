package org.multiprocessing4j.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * Sets or clears an event's flag, atomically on the key's owner. The state is one {@code Long}:
 * bit 0 the flag, the bits above it the number of sets (the generation), so that a waiter can
 * tell a set that a clear followed at once. An absent entry is state 0. Returns the new state;
 * its backup is itself (deterministic).
 *
 * <p>Wire form: {@code boolean set}.
 */
final class EventChange implements EntryProcessor<String, Long, Long>, IdentifiedDataSerializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private boolean set;

    /** For Hazelcast's factory. */
    EventChange() {
    }

    EventChange(boolean set) {
        this.set = set;
    }

    /** True if {@code state} has the flag set. */
    static boolean isSet(long state) {
        return (state & 1) != 0;
    }

    /** How many times the event of {@code state} was set. */
    static long generation(long state) {
        return state >>> 1;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
        long state = entry.getValue() == null ? 0 : entry.getValue();
        long next = set ? (generation(state) + 1) << 1 | 1 : state & ~1L;
        entry.setValue(next);
        return next;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(set);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        set = in.readBoolean();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.EVENT_CHANGE;
    }
}
