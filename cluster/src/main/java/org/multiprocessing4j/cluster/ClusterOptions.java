package org.multiprocessing4j.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a program reaches a cluster: the address of one or more members, the cluster's name, and
 * its key. Immutable; each setter returns a new instance.
 *
 * <pre>{@code
 * var options = ClusterOptions.members("10.0.0.1:5701", "10.0.0.2:5701")
 *         .keyFile(Path.of("cluster.key"))          // the file the members were given with --key-file
 *         .connectTimeout(Duration.ofSeconds(30));
 * try (Cluster cluster = Cluster.connect(options)) { ... }
 * }</pre>
 *
 * <p><b>The key</b> (at least 16 bytes; a key file holds it as text, e.g. made by
 * {@code openssl rand -base64 32}, and is read trimmed) seals every object of the program's that
 * this library puts in the cluster; a program and the members must have the same. Without
 * {@link #key} or {@link #keyFile}, the environment variable {@value #KEY_VARIABLE} is used.
 */
public final class ClusterOptions {

    /** The environment variable read for the key when none is given. */
    public static final String KEY_VARIABLE = "MP4J_CLUSTER_KEY";
    /** The cluster name used unless another is given: Hazelcast's members and clients must agree on it. */
    public static final String DEFAULT_NAME = "mp4j";

    private final List<String> members;
    private final String clusterName;
    private final byte[] key;
    private final Duration connectTimeout;

    private ClusterOptions(List<String> members, String clusterName, byte[] key, Duration connectTimeout) {
        this.members = members;
        this.clusterName = clusterName;
        this.key = key;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Options to reach the cluster through these members ({@code host:port}; one that answers is
     * enough, the others are then learned from it).
     *
     * @throws IllegalArgumentException if none is given or one is blank
     */
    public static ClusterOptions members(String... addresses) {
        if (addresses.length == 0) throw new IllegalArgumentException("give the address of at least one member");
        for (String a : addresses) {
            if (a == null || a.isBlank()) throw new IllegalArgumentException("a member address is blank");
        }
        return new ClusterOptions(List.of(addresses), DEFAULT_NAME, null, Duration.ofSeconds(30));
    }

    /** The cluster's name (the members' {@code --cluster}); {@value #DEFAULT_NAME} by default. */
    public ClusterOptions clusterName(String name) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("the cluster name is blank");
        return new ClusterOptions(members, name, key, connectTimeout);
    }

    /** The cluster's key, at least 16 bytes. @throws IllegalArgumentException if it is shorter */
    public ClusterOptions key(byte[] key) {
        byte[] copy = Objects.requireNonNull(key, "key").clone();
        if (copy.length < 16) throw new IllegalArgumentException("a cluster key needs at least 16 bytes, not " + copy.length);
        return new ClusterOptions(members, clusterName, copy, connectTimeout);
    }

    /**
     * The cluster's key, read from a file (its text, trimmed).
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the key is shorter than 16 bytes
     */
    public ClusterOptions keyFile(Path file) throws IOException {
        return key(readKey(file));
    }

    /**
     * How long {@link Cluster#connect} tries to reach a member; 30 seconds by default.
     *
     * @throws IllegalArgumentException if it is not positive
     */
    public ClusterOptions connectTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
        return new ClusterOptions(members, clusterName, key, timeout);
    }

    List<String> memberAddresses() {
        return members;
    }

    String clusterName() {
        return clusterName;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    /** The key given, else the environment's. @throws IllegalStateException if there is none */
    byte[] resolvedKey() {
        if (key != null) return key.clone();
        return keyFromEnvironment();
    }

    /** The key in a key file: its text, trimmed. */
    static byte[] readKey(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
    }

    /** The key in {@value #KEY_VARIABLE}. @throws IllegalStateException if it is not set */
    static byte[] keyFromEnvironment() {
        String value = System.getenv(KEY_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("no cluster key: give one with ClusterOptions.key or keyFile (members: --key-file),"
                    + " or set " + KEY_VARIABLE + " for the program and the members alike");
        }
        return value.trim().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ClusterOptions[members=" + members + ", clusterName=" + clusterName + ", connectTimeout=" + connectTimeout + "]";
    }
}
