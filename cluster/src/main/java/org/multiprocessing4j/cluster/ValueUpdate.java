package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;
import org.multiprocessing4j.SerializableFunction;
import org.multiprocessing4j.SerializationException;

/**
 * A shared value's {@code updateAndGet}, run atomically on the member that owns the value's entry:
 * opens the sealed function and the sealed value (with the member's {@link ClusterContext}, found
 * by its cluster's name), applies the one to the other, and stores the result sealed. Returns the
 * sealed outcome: {@code Object[] {true, newValue}}, or {@code {false, exception}} if the function
 * (or a seal) failed, in which case nothing changed. The user's classes thus never cross
 * Hazelcast unsealed, either way. The backup stores the same bytes ({@link ValueStore}): the
 * function runs once.
 *
 * <p>Wire form: {@code byte[] sealedFunction}.
 */
final class ValueUpdate implements EntryProcessor<String, byte[], byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    @Serial
    private static final long serialVersionUID = 1L;

    private byte[] sealedFunction;
    private transient HazelcastInstance member;
    /** What process() stored, for the backup; null if it changed nothing. */
    private transient byte[] stored;

    /** For Hazelcast's factory. */
    ValueUpdate() {
    }

    ValueUpdate(byte[] sealedFunction) {
        this.sealedFunction = sealedFunction;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
        ClusterContext context = ClusterContext.of(member.getConfig().getClusterName());
        String what = "shared value '" + entry.getKey() + "'";
        try {
            @SuppressWarnings("unchecked")
            SerializableFunction<Object, Object> function =
                    (SerializableFunction<Object, Object>) context.open(sealedFunction, "the update function of " + what);
            Object current = entry.getValue() == null ? null : context.open(entry.getValue(), what);
            Object next = function.apply(current);
            byte[] reply = context.seal(new Object[] {true, next});
            stored = context.seal(next);
            entry.setValue(stored);
            return reply;
        } catch (Exception e) {
            stored = null;
            return sealFailure(context, e);
        }
    }

    private static byte[] sealFailure(ClusterContext context, Exception e) {
        try {
            return context.seal(new Object[] {false, e});
        } catch (SerializationException unserializable) {
            return context.seal(new Object[] {false, new IllegalStateException(e.toString())});
        }
    }

    @Override
    public EntryProcessor<String, byte[], byte[]> getBackupProcessor() {
        return stored == null ? null : new ValueStore(stored);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(sealedFunction);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        sealedFunction = in.readByteArray();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.VALUE_UPDATE;
    }
}
