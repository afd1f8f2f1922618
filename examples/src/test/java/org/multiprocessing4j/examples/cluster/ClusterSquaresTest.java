package org.multiprocessing4j.examples.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.cluster.ClusterOptions;
import org.multiprocessing4j.cluster.testing.LocalCluster;
import org.multiprocessing4j.testing.JavaProgram;

/** The cluster example, run as the README runs it (a program of its own) against three members on loopback. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterSquaresTest {

    @Test
    void printsTheSquaresComputedByThreeMembers() throws Exception {
        try (LocalCluster local = new LocalCluster(3, 1, ClusterOptions.DEFAULT_NAME)) {
            List<String> options = List.of("--enable-native-access=ALL-UNNAMED", LocalCluster.ALLOW_UNSAFE,
                    "-D" + ClusterSquares.KEY_FILE_PROPERTY + "=" + local.keyFile, "-D" + ClusterSquares.MEMBERS_PROPERTY + "=3");
            JavaProgram.Result result;
            try (JavaProgram program = JavaProgram.start(options, ClusterSquares.class, String.join(",", local.addresses()))) {
                result = program.await(Duration.ofMinutes(2));
            }
            assertEquals(0, result.exitCode(), result::describe);
            assertEquals("", result.stderr(), result::describe);
            List<String> lines = result.stdoutLines();
            assertEquals("Members: 3, workers: 3", lines.get(0));
            assertEquals("Squares: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]", lines.get(1));
            String prefix = "Tasks run per member JVM (pid=tasks): {";
            assertTrue(lines.get(2).startsWith(prefix) && lines.get(2).endsWith("}"), lines.get(2));
            String[] perMember = lines.get(2).substring(prefix.length(), lines.get(2).length() - 1).split(", ");
            assertEquals(3, perMember.length, lines.get(2));
            assertEquals(60, Arrays.stream(perMember).mapToInt(e -> Integer.parseInt(e.split("=")[1])).sum(), lines.get(2));
            assertEquals(3, lines.size(), result::describe);
        }
    }
}
