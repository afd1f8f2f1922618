package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.testing.JavaProgram;

/** The member's command line: what it says, and its exit code, when the arguments are wrong. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterMemberTest {

    private static void refused(String expected, String... args) throws Exception {
        JavaProgram.Result result = JavaProgram.run(Duration.ofSeconds(60), ClusterMember.class, args);
        assertEquals(2, result.exitCode(), result::describe);
        assertTrue(result.stderr().contains(expected) && result.stderr().contains("usage: --join"), result::describe);
    }

    @Test
    void badArgumentsEndTheMemberWithTwoSayingWhy() throws Exception {
        Path shortKey = Files.createTempFile("mp4j-short", ".key");
        try {
            Files.writeString(shortKey, "too short");
            refused("unknown option --joint", "--joint", "127.0.0.1");
            refused("--port needs a positive number, not 'x'", "--port", "x");
            refused("cannot read the key file /nonexistent/cluster.key", "--key-file", "/nonexistent/cluster.key");
            refused("a cluster key needs at least 16 bytes, not 9", "--key-file", shortKey.toString());
        } finally {
            Files.deleteIfExists(shortKey);
        }
    }
}
