package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.serialize.Serializer;

/**
 * This JVM's tie to one cluster: its Hazelcast instance (a client in a user's program, the member
 * itself in a member), the key's sealer, and the class loader of the user's classes. Registered
 * by cluster name, so that a queue, lock or map handle that arrives serialized (captured by a
 * task) finds the cluster again in the JVM it lands in.
 *
 * <p>Thread-safe; immutable once made.
 */
final class ClusterContext {

    private static final ConcurrentHashMap<String, ClusterContext> BY_NAME = new ConcurrentHashMap<>();

    final String name;
    final HazelcastInstance hazelcast;
    final Sealer sealer;
    final ClassLoader userClasses;
    /** The pool workers this JVM runs for others: in a member, else null. */
    final MemberSlots slots;

    ClusterContext(String name, HazelcastInstance hazelcast, Sealer sealer, ClassLoader userClasses, MemberSlots slots) {
        this.name = name;
        this.hazelcast = hazelcast;
        this.sealer = sealer;
        this.userClasses = userClasses;
        this.slots = slots;
    }

    /** Makes this the JVM's context for its cluster name. */
    void register() {
        ClusterContext earlier = BY_NAME.putIfAbsent(name, this);
        if (earlier != null) {
            throw new IllegalStateException("this JVM is connected to cluster '" + name + "' already: close that first");
        }
    }

    void unregister() {
        BY_NAME.remove(name, this);
    }

    /**
     * The context of cluster {@code name} in this JVM.
     *
     * @throws IllegalStateException if this JVM is neither a member of it nor connected to it
     */
    static ClusterContext of(String name) {
        ClusterContext context = BY_NAME.get(name);
        if (context == null) {
            throw new IllegalStateException("this JVM is not connected to cluster '" + name
                    + "': a cluster's queues, locks and maps work in its members and in programs that called Cluster.connect");
        }
        return context;
    }

    /** The only context of this JVM, if there is exactly one. */
    static ClusterContext only() {
        if (BY_NAME.size() != 1) {
            throw new IllegalStateException(BY_NAME.isEmpty()
                    ? "this JVM is neither a cluster member nor connected to a cluster"
                    : "this JVM is connected to several clusters: " + BY_NAME.keySet());
        }
        return BY_NAME.values().iterator().next();
    }

    /** Serializes {@code value} and seals it. @throws SerializationException naming what cannot be serialized */
    byte[] seal(Object value) {
        return sealer.seal(Serializer.standard().serialize(value));
    }

    /**
     * Opens sealed bytes and deserializes them with the user's classes.
     *
     * @param what names the bytes in an exception
     * @throws org.multiprocessing4j.AuthenticationException if they were not sealed with this cluster's key
     * @throws IOException                                   if they cannot be deserialized
     */
    Object open(byte[] sealed, String what) throws IOException {
        byte[] payload = sealer.open(sealed, what);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(userClasses);
        try {
            return Serializer.standard().deserialize(payload, 0, payload.length);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
