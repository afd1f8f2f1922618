package org.multiprocessing4j.examples.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.cluster.Cluster;
import org.multiprocessing4j.cluster.ClusterOptions;

/**
 * The pool example ({@code PoolMap}) on a cluster: the same {@code map}, its tasks run by the
 * members. Usage: {@code ClusterSquares host:port[,host:port...]}, with the cluster's key in the
 * key file named by {@code -Dmp4j.cluster.keyFile} or in {@code MP4J_CLUSTER_KEY}, waiting for
 * {@code -Dmp4j.cluster.members} members (1 by default); the members must
 * have this program's classes ({@code --class-path}). See the README's "On a cluster".
 */
public final class ClusterSquares {

    /** The system property naming the key file. */
    public static final String KEY_FILE_PROPERTY = "mp4j.cluster.keyFile";
    /** The system property giving how many members to wait for (a minute at most); 1 by default. */
    public static final String MEMBERS_PROPERTY = "mp4j.cluster.members";

    private ClusterSquares() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: ClusterSquares host:port[,host:port...]");
            System.exit(2);
        }
        ClusterOptions options = ClusterOptions.members(args[0].split(","));
        String keyFile = System.getProperty(KEY_FILE_PROPERTY);
        if (keyFile != null) options = options.keyFile(Path.of(keyFile));
        try (Cluster cluster = Cluster.connect(options)) {
            cluster.awaitMembers(Integer.getInteger(MEMBERS_PROPERTY, 1), Duration.ofSeconds(60));
            System.out.println("Members: " + cluster.members().size() + ", workers: " + cluster.workers());
            try (Pool pool = cluster.pool()) {      // made once the members have joined: all their workers
                List<Integer> squares = pool.map(x -> x * x, IntStream.rangeClosed(1, 10).boxed().toList());
                System.out.println("Squares: " + squares);
                List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), IntStream.range(0, 60).boxed().toList(), 1);
                Map<Long, Long> perMember = new TreeMap<>(pids.stream().collect(Collectors.groupingBy(p -> p, Collectors.counting())));
                System.out.println("Tasks run per member JVM (pid=tasks): " + perMember);
            }
        }
    }
}
