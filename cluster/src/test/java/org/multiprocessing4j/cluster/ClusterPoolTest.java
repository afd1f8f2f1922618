package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolOptions;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterPoolTest {

    static LocalCluster local;

    @BeforeAll
    static void startCluster() throws Exception {
        local = new LocalCluster(3, 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (local != null) local.close();
    }

    @Test
    void mapOverThreeMembersReturnsEveryResultInOrder() throws Exception {
        List<Integer> inputs = IntStream.range(0, 1000).boxed().toList();
        try (Pool pool = local.cluster.pool()) {
            List<Integer> squares = pool.map(x -> x * x, inputs, 10);
            assertEquals(inputs.stream().map(x -> x * x).toList(), squares);
            List<Long> pids = pool.map(x -> ProcessHandle.current().pid(), inputs, 1);
            Set<Long> distinct = new HashSet<>(pids);
            assertEquals(3, distinct.size(), "tasks ran in " + distinct);
            assertTrue(!distinct.contains(ProcessHandle.current().pid()));
        }
    }

    @Test
    void aTaskExceptionComesBackAsItsOwnType() {
        try (Pool pool = local.cluster.pool(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.apply(() -> { throw new IllegalArgumentException("bad input 7"); }));
            assertEquals("bad input 7", e.getMessage());
        }
    }

    @Test
    void optionsThatNeedAWorkerProcessAreRefused() {
        var timeout = assertThrows(UnsupportedOperationException.class,
                () -> local.cluster.pool(PoolOptions.defaults().processes(2).taskTimeout(Duration.ofSeconds(5))));
        assertTrue(timeout.getMessage().contains("task timeout"), timeout.getMessage());
        var jvm = assertThrows(UnsupportedOperationException.class,
                () -> local.cluster.pool(PoolOptions.defaults().processes(2).jvmOptions(List.of("-Xmx1g"))));
        assertTrue(jvm.getMessage().contains("JVM options"), jvm.getMessage());
    }
}
