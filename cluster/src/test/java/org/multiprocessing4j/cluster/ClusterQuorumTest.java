package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.cluster.testing.LocalCluster;

/**
 * Members started with {@code --quorum 2}: a side of the cluster with fewer than two members
 * refuses to serve data rather than diverge. Killing members stands in for a partition: the
 * survivor cannot tell them apart.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterQuorumTest {

    @Test
    void aSideBelowTheQuorumRefusesEveryOperation() throws Exception {
        try (LocalCluster local = new LocalCluster(3, 1, "quorum-" + UUID.randomUUID(), "--quorum", "2")) {
            Map<String, Integer> dict = local.cluster.dict("quorum-dict");
            Queue<String> queue = local.cluster.queue("quorum-queue", 10);
            Lock lock = local.cluster.lock("quorum-lock");
            dict.put("a", 1);
            queue.put("x");
            assertTrue(lock.acquire(Duration.ofSeconds(10)));
            lock.release();

            local.kill(2);
            local.awaitMembers(2);      // two of three: still a quorum
            dict.put("b", 2);
            assertEquals(1, dict.get("a"));
            assertTrue(lock.acquire(Duration.ofSeconds(10)));
            lock.release();

            local.kill(1);
            local.awaitMembers(1);      // one of three: below it
            assertThrows(SplitBrainProtectionException.class, () -> dict.put("c", 3));
            assertThrows(SplitBrainProtectionException.class, () -> queue.put("y"));
            assertThrows(SplitBrainProtectionException.class, () -> lock.acquire(Duration.ofSeconds(5)));
            assertThrows(SplitBrainProtectionException.class,
                    () -> local.cluster.value("quorum-value", 0).updateAndGet(v -> v + 1));
        }
    }
}
