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
import org.multiprocessing4j.cluster.testing.LocalCluster;

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

    /** Counts, in each member JVM, the workers set up there. */
    static final java.util.concurrent.atomic.AtomicInteger INITIALIZED = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void eachWorkerHasItsOwnStateAndInitializer() throws Exception {
        PoolOptions options = PoolOptions.defaults().processes(2)
                .initializer(() -> INITIALIZED.incrementAndGet())     // a lambda: a method reference would carry a copy
                .workerState(java.util.concurrent.atomic.AtomicInteger::new);
        try (Pool pool = local.cluster.pool(options)) {
            List<Integer> counts = pool.map(x -> {
                if (INITIALIZED.get() == 0) throw new IllegalStateException("no initializer ran in this member");
                return Pool.<java.util.concurrent.atomic.AtomicInteger>workerState().incrementAndGet();
            }, IntStream.range(0, 100).boxed().toList(), 1);
            // Each worker counts 1, 2, 3, ... in its own state: a count reached by k workers appears k times.
            java.util.Map<Integer, Long> times = counts.stream().collect(java.util.stream.Collectors.groupingBy(c -> c,
                    java.util.stream.Collectors.counting()));
            assertTrue(times.get(1) >= 1 && times.get(1) <= 2, "workers that started counting: " + times.get(1));
            for (int c = 2; times.containsKey(c); c++) assertTrue(times.get(c) <= times.get(c - 1), "counts " + times);
            assertEquals(100, counts.size());
        }
    }

    @Test
    void theExecutorRunsTasksOnTheMembers() throws Exception {
        try (var executor = local.cluster.executor()) {
            assertEquals(42, executor.submit(() -> 6 * 7).get(30, TimeUnit.SECONDS));
            var futures = executor.invokeAll(IntStream.range(0, 20)
                    .<java.util.concurrent.Callable<Long>>mapToObj(i -> (org.multiprocessing4j.SerializableCallable<Long>) () -> ProcessHandle.current().pid())
                    .toList());
            for (var f : futures) assertTrue(f.get() != ProcessHandle.current().pid());
        }
    }

    @Test
    void aProgramWithAnotherKeyIsRefusedAtConnectNamingTheMembers() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(local.name));
        args.addAll(local.addresses());
        var result = org.multiprocessing4j.testing.JavaProgram.run(Duration.ofMinutes(2), WrongKeyProgram.class, args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::describe);
        String line = result.stdoutLines().get(0);
        assertTrue(line.startsWith("refused: AuthenticationException: member(s) ["), line);
        for (String address : local.addresses()) assertTrue(line.contains(address.replace("127.0.0.1:", "127.0.0.1]:")), line);
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
