package org.multiprocessing4j.cluster;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * How this library's objects cross Hazelcast: each is {@link IdentifiedDataSerializable}, made by
 * this factory from its class id (no reflection, no Java serialization), and carries the user's
 * objects only as sealed bytes ({@link Sealer}). Hazelcast's own Java deserialization is limited
 * to the JDK's, Hazelcast's and this library's classes, so that nothing else a peer sends is
 * deserialized by Hazelcast either.
 */
final class ClusterSerialization implements DataSerializableFactory {

    /** "mp4j". */
    static final int FACTORY_ID = 0x6d70346a;

    static final int SLOT_CALL = 1, COUNT_CHANGE = 2, EVENT_CHANGE = 3, VALUE_UPDATE = 4, VALUE_STORE = 5, KEY_CHECK = 6;

    /** Sets the factory and the Java deserialization filter on a member's or a client's configuration. */
    static void configure(SerializationConfig config) {
        config.addDataSerializableFactory(FACTORY_ID, new ClusterSerialization());
        config.setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                .setWhitelist(new ClassFilter().addPrefixes("java.", "javax.", "com.hazelcast.", "org.multiprocessing4j.")));
    }

    @Override
    public IdentifiedDataSerializable create(int classId) {
        return switch (classId) {
            case SLOT_CALL -> new SlotCall();
            case COUNT_CHANGE -> new CountChange();
            case EVENT_CHANGE -> new EventChange();
            case VALUE_UPDATE -> new ValueUpdate();
            case VALUE_STORE -> new ValueStore();
            case KEY_CHECK -> new KeyCheck();
            default -> null;    // Hazelcast reports the unknown id
        };
    }
}
