package org.multiprocessing4j.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * Adds {@code delta} to a count kept as a {@code Long} entry, atomically on the key's owner; an
 * absent entry counts 0, and a count back at 0 removes its entry. A change that would make the
 * count negative is refused and changes nothing. Returns whether it was applied; its backup is
 * itself (deterministic).
 *
 * <p>Wire form: {@code long delta}.
 */
final class CountChange implements EntryProcessor<String, Long, Boolean>, IdentifiedDataSerializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private long delta;

    /** For Hazelcast's factory. */
    CountChange() {
    }

    CountChange(long delta) {
        this.delta = delta;
    }

    @Override
    public Boolean process(Map.Entry<String, Long> entry) {
        long now = entry.getValue() == null ? 0 : entry.getValue();
        long next = now + delta;
        if (next < 0) return false;
        entry.setValue(next == 0 ? null : next);
        return true;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(delta);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        delta = in.readLong();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.COUNT_CHANGE;
    }
}
