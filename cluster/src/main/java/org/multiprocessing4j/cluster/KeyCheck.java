package org.multiprocessing4j.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.multiprocessing4j.AuthenticationException;

/**
 * Asks a member whether it has the program's key: it opens a random nonce sealed by the program
 * and seals it back with its own key; the program opens the reply. A member with another key
 * answers with nothing (and never deserializes the nonce: it is bytes). Run by
 * {@link Cluster#connect} on every member there is, so a member started with another key is named
 * at once instead of failing every pool worker placed on it. It catches a mistake, not an
 * impostor: the tag is deterministic, so the right answer is the question's own bytes, which a
 * member without the key can echo. Members that join after the check are not checked (a pool
 * worker placed on one with another key is lost, and its chunks run elsewhere).
 *
 * <p>Wire form: {@code byte[] sealedNonce}.
 */
final class KeyCheck implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long ANSWER_SECONDS = 30;

    private byte[] sealedNonce;
    private transient HazelcastInstance member;

    /** For Hazelcast's factory. */
    KeyCheck() {
    }

    private KeyCheck(byte[] sealedNonce) {
        this.sealedNonce = sealedNonce;
    }

    /**
     * Checks every member that runs pool workers.
     *
     * @throws AuthenticationException naming the members whose key differs or that did not answer
     */
    static void members(ClusterContext context) throws AuthenticationException, InterruptedException {
        List<Member> members = ClusterSite.workerMembers(context);
        if (members.isEmpty()) return;
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        IExecutorService executor = context.hazelcast.getExecutorService(HazelcastConfigs.POOL_EXECUTOR);
        Map<Member, Future<byte[]>> answers = executor.submitToMembers(new KeyCheck(context.sealer.seal(nonce)), members);
        List<String> others = new ArrayList<>();
        for (Map.Entry<Member, Future<byte[]>> answer : answers.entrySet()) {
            String address = answer.getKey().getAddress().toString();
            try {
                byte[] reply = answer.getValue().get(ANSWER_SECONDS, TimeUnit.SECONDS);
                if (reply.length == 0 || !Arrays.equals(nonce, context.sealer.open(reply, "the key check's answer"))) others.add(address);
            } catch (AuthenticationException e) {
                others.add(address);
            } catch (ExecutionException | TimeoutException e) {
                others.add(address + " (no answer: " + e + ")");
            }
        }
        if (!others.isEmpty()) {
            throw new AuthenticationException("member(s) " + others + " of cluster '" + context.name + "' do not have this program's"
                    + " cluster key: give the program (ClusterOptions.key or keyFile) and every member (--key-file) the same key");
        }
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.member = instance;
    }

    @Override
    public byte[] call() {
        Sealer sealer = ClusterContext.of(member.getConfig().getClusterName()).sealer;
        try {
            return sealer.seal(sealer.open(sealedNonce, "a key check"));
        } catch (AuthenticationException e) {
            return new byte[0];
        }
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(sealedNonce);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        sealedNonce = in.readByteArray();
    }

    @Override
    public int getFactoryId() {
        return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return ClusterSerialization.KEY_CHECK;
    }
}
