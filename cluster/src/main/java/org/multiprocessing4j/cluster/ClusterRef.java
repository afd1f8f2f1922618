package org.multiprocessing4j.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Where a cluster object (a queue's, a lock's, a map's backend) lives: its cluster's name, from
 * which the object finds that cluster again in whatever JVM it lands in (a task captures it, the
 * task runs on a member). Travels as the name alone; the {@link ClusterContext} is looked up
 * lazily, so an object can be deserialized before its cluster is reachable.
 *
 * <p>Thread-safe.
 */
final class ClusterRef implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String clusterName;
    private transient volatile ClusterContext context;

    ClusterRef(ClusterContext context) {
        this.clusterName = context.name;
        this.context = context;
    }

    /**
     * This JVM's context of the cluster: the one it was made with, or found, while that connection
     * runs; after the program closed it and connected again, the new one.
     *
     * @throws IllegalStateException if this JVM is not in the cluster (any more)
     */
    ClusterContext context() {
        ClusterContext c = context;
        if (c == null || !c.hazelcast.getLifecycleService().isRunning()) context = c = ClusterContext.of(clusterName);
        return c;
    }

    HazelcastInstance hazelcast() {
        return context().hazelcast;
    }

    /** {@code value} serialized and sealed. */
    byte[] seal(Object value) {
        return context().seal(value);
    }

    /**
     * Opens and deserializes sealed bytes; null stays null.
     *
     * @param what names the bytes in an exception
     * @throws UncheckedIOException wrapping an {@link org.multiprocessing4j.AuthenticationException}
     *                              if they are not sealed with the key, or the failure to deserialize
     */
    Object open(byte[] sealed, String what) {
        if (sealed == null) return null;
        try {
            return context().open(sealed, what);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return clusterName;
    }
}
