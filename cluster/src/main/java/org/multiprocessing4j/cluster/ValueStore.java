package org.multiprocessing4j.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.io.Serial;
import java.util.Map;

/**
 * Stores given sealed bytes in an entry: the backup of a {@link ValueUpdate}, which copies the
 * primary's result instead of running the user's function a second time. Returns the new bytes.
 *
 * <p>Wire form: {@code byte[] sealed}.
 */
final class ValueStore implements EntryProcessor<String, byte[], byte[]>, IdentifiedDataSerializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private byte[] sealed;

    /** For Hazelcast's factory. */
    ValueStore() {
    }

    ValueStore(byte[] sealed) {
        this.sealed = sealed;
    }

    @Override
    public byte[] process(Map.Entry<String, byte[]> entry) {
        entry.setValue(sealed);
        return sealed;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(sealed);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        sealed = in.readByteArray();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.VALUE_STORE;
    }
}
