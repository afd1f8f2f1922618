package org.multiprocessing4j.cluster.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.multiprocessing4j.cluster.Cluster;
import org.multiprocessing4j.cluster.ClusterMember;
import org.multiprocessing4j.cluster.ClusterOptions;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * A cluster of member JVMs on loopback for tests (this module's and the examples'): each member a {@link ClusterMember} program of
 * its own (TCP/IP join on 127.0.0.1, no multicast), a fresh cluster name and key, and a client
 * connected to it. {@link #close()} disconnects and kills every member.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration FORMING = Duration.ofSeconds(90);
    /** Hazelcast 5.7 uses sun.misc.Unsafe: JDK 25 warns once per JVM without this (hazelcast#26608). */
    public static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    public final String name;
    public final Path keyFile;
    public final List<Integer> ports = new ArrayList<>();
    public final List<JavaProgram> members = new ArrayList<>();
    public final Cluster cluster;
    private final List<String> memberArgs;

    /** Starts {@code count} members of {@code workers} workers each, of a cluster with a name of its own, and connects to them. */
    public LocalCluster(int count, int workers) throws Exception {
        this(count, workers, "test-" + UUID.randomUUID());
    }

    /** As above, the cluster named {@code name}, each member given {@code memberArgs} too (e.g. {@code --quorum 2}). */
    public LocalCluster(int count, int workers, String name, String... memberArgs) throws Exception {
        this.name = name;
        this.memberArgs = List.of(memberArgs);
        keyFile = Files.createTempFile("mp4j-cluster", ".key");
        Files.writeString(keyFile, UUID.randomUUID() + "-" + UUID.randomUUID());
        for (int i = 0; i < count; i++) ports.add(freePort());
        try {
            for (int i = 0; i < count; i++) members.add(startMember(i, workers));
            cluster = Cluster.connect(options());
            awaitMembers(count);
        } catch (Exception | Error e) {
            killMembers();
            throw e;
        }
    }

    public ClusterOptions options() throws IOException {
        return ClusterOptions.members(addresses().toArray(String[]::new)).clusterName(name).keyFile(keyFile);
    }

    public List<String> addresses() {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    private JavaProgram startMember(int index, int workers) throws IOException {
        List<String> args = new ArrayList<>(List.of("--join", String.join(",", addresses()), "--port", ports.get(index).toString(),
                "--interface", "127.0.0.1", "--cluster", name, "--workers", Integer.toString(workers), "--key-file", keyFile.toString()));
        args.addAll(memberArgs);
        return JavaProgram.start(List.of("-Xmx512m", "--enable-native-access=ALL-UNNAMED", ALLOW_UNSAFE), ClusterMember.class,
                args.toArray(String[]::new));
    }

    /** Waits until the cluster has {@code count} members. */
    public void awaitMembers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + FORMING.toNanos();
        while (cluster.members().size() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cluster has " + cluster.members() + ", not " + count + " members");
            }
            Thread.sleep(100);
        }
    }

    /** Sends SIGTERM to these members together, then waits (two minutes at most) for their JVMs to end. */
    public void terminate(int... indices) throws InterruptedException {
        for (int i : indices) members.get(i).process().destroy();
        for (int i : indices) {
            if (!members.get(i).process().waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                throw new AssertionError("member " + i + " did not end within two minutes of SIGTERM");
            }
        }
    }

    /** Kills member {@code index} with SIGKILL and waits for its JVM to end. */
    public void kill(int index) throws InterruptedException {
        java.lang.Process process = members.get(index).process();
        process.destroyForcibly();
        process.waitFor();
    }

    /** A TCP port free on this machine now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void killMembers() {
        for (JavaProgram m : members) m.close();
    }

    @Override
    public void close() throws IOException {
        try {
            if (cluster != null) cluster.close();
        } finally {
            killMembers();
            Files.deleteIfExists(keyFile);
        }
    }
}
