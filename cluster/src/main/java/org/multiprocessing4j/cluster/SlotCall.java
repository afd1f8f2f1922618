package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * One message from a pool to one of its workers on a member (a slot), run by that member's pool
 * executor: the reply is the worker's sealed reply message. Also carries the request to drop a
 * slot (the pool terminated or killed that worker).
 *
 * <p>Wire form (Hazelcast's {@code IdentifiedDataSerializable}): {@code byte op | UTF slotId |
 * UTF owner | byte[] sealedSetup (null but for a slot's first message) | byte[] sealedMessage}.
 */
final class SlotCall implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    static final byte RUN = 0, DROP = 1;

    private byte op;
    private String slotId;
    private UUID owner;
    private byte[] sealedSetup;
    private byte[] sealedMessage;
    private transient HazelcastInstance member;

    /** For Hazelcast's factory. */
    SlotCall() {
    }

    SlotCall(byte op, String slotId, UUID owner, byte[] sealedSetup, byte[] sealedMessage) {
        this.op = op;
        this.slotId = slotId;
        this.owner = owner;
        this.sealedSetup = sealedSetup;
        this.sealedMessage = sealedMessage;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public byte[] call() throws IOException {
        MemberSlots slots = ClusterContext.of(member.getConfig().getClusterName()).slots;
        if (slots == null) throw new IllegalStateException("a pool message reached a JVM that runs no pool workers");
        if (op == DROP) {
            slots.drop(slotId, owner);
            return new byte[0];
        }
        return slots.run(slotId, owner, sealedSetup, sealedMessage);
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(op);
        out.writeString(slotId);
        out.writeString(owner.toString());
        out.writeByteArray(sealedSetup);
        out.writeByteArray(sealedMessage);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        op = in.readByte();
        slotId = in.readString();
        owner = UUID.fromString(in.readString());
        sealedSetup = in.readByteArray();
        sealedMessage = in.readByteArray();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.SLOT_CALL;
    }
}
