package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.cluster.testing.LocalCluster;

/**
 * Members started the way the README shows: {@code java -jar <member jar> --join ... --class-path
 * <the program's classes>}, with nothing else on their class path; a program's lambdas run there.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MemberJarIT {

    @Test
    void membersStartedFromTheMemberJarRunTheProgramsTasks() throws Exception {
        Path jar = Path.of(System.getProperty("memberJar"));
        assertTrue(Files.isRegularFile(jar), "no member jar at " + jar);
        Path keyFile = Files.createTempFile("mp4j-cluster", ".key");
        Files.writeString(keyFile, UUID.randomUUID().toString());
        String name = "jar-" + UUID.randomUUID();
        List<Integer> ports = List.of(LocalCluster.freePort(), LocalCluster.freePort());
        String join = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1);
        List<java.lang.Process> members = new ArrayList<>();
        try {
            for (int port : ports) {
                members.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        LocalCluster.ALLOW_UNSAFE, "-jar", jar.toString(), "--join", join, "--port", Integer.toString(port),
                        "--interface", "127.0.0.1", "--cluster", name, "--workers", "2", "--key-file", keyFile.toString(),
                        "--class-path", System.getProperty("taskClasses"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            ClusterOptions options = ClusterOptions.members(join.split(",")).clusterName(name).keyFile(keyFile);
            try (Cluster cluster = Cluster.connect(options)) {
                assertTrue(cluster.awaitMembers(2, java.time.Duration.ofSeconds(60)), "members: " + cluster.members());
                assertEquals(4, cluster.workers());
                try (Pool pool = cluster.pool()) {
                    List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
                    int offset = 7;     // captured: the lambda's class exists only in the program's classes
                    assertEquals(inputs.stream().map(x -> x * 3 + offset).toList(), pool.map(x -> x * 3 + offset, inputs));
                }
            }
        } finally {
            for (java.lang.Process m : members) {
                m.destroyForcibly();
                m.waitFor();
            }
            Files.deleteIfExists(keyFile);
        }
    }
}
