package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.cluster.testing.LocalCluster;

/** The cluster's queues, maps, lists, locks, events and values, shared by the program and tasks on the members. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterPrimitivesTest {

    static LocalCluster local;
    static Pool pool;

    @BeforeAll
    static void startCluster() throws Exception {
        local = new LocalCluster(3, 2);
        pool = local.cluster.pool(3);       // one worker per member
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            if (pool != null) pool.close();
        } finally {
            if (local != null) local.close();
        }
    }

    @Test
    void aQueueFilledOnOneMemberIsDrainedOnOthersInOrder() throws Exception {
        Queue<Integer> q = local.cluster.queue("fifo");
        int n = 300;
        long fillPid = pool.apply(() -> {
            for (int i = 0; i < n; i++) q.put(i);
            return ProcessHandle.current().pid();
        });
        List<List<Object>> drained = pool.map(i -> {
            long pid = ProcessHandle.current().pid();
            List<Integer> items = new ArrayList<>();
            if (pid != fillPid) {
                try {
                    while (true) items.add(q.get(Duration.ofMillis(500)));
                } catch (Queue.Empty e) {
                    // drained
                }
            }
            return List.<Object>of(pid, items);
        }, List.of(0, 1, 2), 1);
        List<Integer> all = new ArrayList<>();
        for (List<Object> d : drained) {
            @SuppressWarnings("unchecked")
            List<Integer> items = (List<Integer>) d.get(1);
            if (items.isEmpty()) continue;
            assertNotEquals(fillPid, (long) (Long) d.get(0), "the filler drained");
            for (int k = 1; k < items.size(); k++) assertTrue(items.get(k - 1) < items.get(k), "out of order: " + items);
            all.addAll(items);
        }
        all.sort(null);
        assertEquals(IntStream.range(0, n).boxed().toList(), all);
        assertTrue(q.empty());
    }

    @Test
    void aJoinableQueueJoinsWhenTasksMarkEveryItemDone() throws Exception {
        JoinableQueue<String> jq = local.cluster.joinableQueue("jobs");
        for (int i = 0; i < 5; i++) jq.put("job " + i);
        assertFalse(jq.join(Duration.ofMillis(300)), "joined with 5 items unfinished");
        AsyncResult<List<String>> worker = pool.applyAsync(() -> {
            List<String> done = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                done.add(jq.get());
                jq.taskDone();
            }
            return done;
        });
        assertTrue(jq.join(Duration.ofSeconds(20)));
        assertEquals(List.of("job 0", "job 1", "job 2", "job 3", "job 4"), worker.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, jq::taskDone);
        assertTrue(e.getMessage().contains("jobs"), e.getMessage());
    }

    @Test
    void aFullBoundedQueueTimesOutAndItsBoundIsKept() throws Exception {
        Queue<Integer> q = local.cluster.queue("bounded", 2);
        q.put(1);
        q.put(2);
        assertTrue(q.full());
        assertThrows(Queue.Full.class, () -> q.put(3, Duration.ofMillis(300)));
        assertThrows(Queue.Full.class, () -> q.putNowait(3));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> local.cluster.queue("bounded", 3));
        assertTrue(other.getMessage().contains("'bounded'"), other.getMessage());
        assertEquals(1, q.get());
        q.put(3, Duration.ofSeconds(5));
        assertEquals(List.of(2, 3), List.of(q.get(), q.get()));
    }

    @Test
    void anItemPutWithoutTheKeyFailsItsGet() throws Exception {
        HazelcastInstance raw = HazelcastClient.newHazelcastClient(HazelcastConfigs.client(local.name, local.addresses(), 30_000));
        try {
            raw.getQueue(ClusterQueueOps.hazelcastName("raw")).offer(new byte[] {1, 2, 3, 4});
        } finally {
            raw.shutdown();
        }
        Queue<Object> q = local.cluster.queue("raw");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> q.get(Duration.ofSeconds(10)));
        assertInstanceOf(AuthenticationException.class, e.getCause());
        assertTrue(e.getMessage().contains("queue 'raw'"), e.getMessage());
        assertTrue(q.empty(), "the refused item stayed");
    }

    @Test
    void theProgramAndTasksShareDictAndList() throws Exception {
        ConcurrentMap<String, Integer> d = local.cluster.dict("shared");
        List<String> l = local.cluster.list("shared");
        d.put("a", 1);
        l.add("program");
        pool.apply(() -> {
            d.put("b", d.get("a") + 1);
            d.merge("n", 1, Integer::sum);
            l.add("task");
            return null;
        });
        assertEquals(2, d.get("b"));
        assertEquals(List.of("program", "task"), new ArrayList<>(l));
        assertEquals(1, d.putIfAbsent("a", 9));
        assertNull(d.putIfAbsent("c", 3));
        assertFalse(d.replace("c", 4, 5));
        assertTrue(d.replace("c", 3, 5));
        assertFalse(d.remove("c", 3));
        assertTrue(d.remove("c", 5));
        List<Integer> merged = pool.map(i -> d.merge("n", 1, Integer::sum), IntStream.range(0, 30).boxed().toList(), 1);
        assertEquals(31, d.get("n"));
        assertEquals(30, new HashSet<>(merged).size(), "two merges saw the same count: " + merged);
        assertEquals(Set.of("a", "b", "n"), d.keySet());
        assertEquals("task", l.remove(1));
        assertEquals(1, l.size());
    }

    @Test
    void valueUpdatesFromManyTasksAtOnceLoseNone() throws Exception {
        Manager.ValueProxy<Integer> v = local.cluster.value("counter", 0);
        List<Integer> seen = pool.map(i -> v.updateAndGet(x -> x + 1), IntStream.range(0, 200).boxed().toList(), 5);
        assertEquals(200, v.get());
        assertEquals(IntStream.rangeClosed(1, 200).boxed().toList(), seen.stream().sorted().toList());
        assertEquals(0, local.cluster.value("counter", 0).getAndSet(0) - 200);
        assertFalse(v.compareAndSet(5, 6));
        assertTrue(v.compareAndSet(0, 7));
        assertEquals(7, pool.apply(v::get));
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> v.updateAndGet(x -> {
            if (x != null) throw new ArithmeticException("refused " + x);
            return x;
        }));
        assertEquals("refused 7", e.getMessage());
        assertEquals(7, v.get());
    }

    @Test
    void aLockHeldByATaskBlocksTheProgram() throws Exception {
        Lock lock = local.cluster.lock("L");
        Event taken = local.cluster.event("L-taken"), release = local.cluster.event("L-release");
        AsyncResult<Boolean> holder = pool.applyAsync(() -> {
            lock.acquire();
            taken.set();
            boolean told = release.await(Duration.ofSeconds(60));
            lock.release();
            return told;
        });
        assertTrue(taken.await(Duration.ofSeconds(20)));
        assertTrue(lock.isLocked());
        assertFalse(lock.acquire(Duration.ofMillis(300)));
        release.set();
        assertTrue(holder.get());
        assertTrue(lock.acquire(Duration.ofSeconds(20)));
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(lock.acquire(Duration.ofMillis(300)), "the lock is not reentrant");
        pool.apply(() -> { lock.release(); return null; });      // not owned: a task may release it
        assertFalse(lock.isLocked());
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(e.getMessage().contains("not held"), e.getMessage());
    }

    @Test
    void anRLockIsReentrantAndOwned() throws Exception {
        RLock lock = local.cluster.rLock("R");
        lock.acquire();
        assertTrue(lock.acquire(Duration.ZERO));
        assertFalse(pool.apply(() -> lock.acquire(Duration.ofMillis(300))));
        AtomicBoolean refused = new AtomicBoolean();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                lock.release();
            } catch (IllegalStateException e) {
                refused.set(true);
            }
        });
        other.join();
        assertTrue(refused.get(), "another thread released an RLock it does not hold");
        lock.release();
        assertFalse(pool.apply(() -> lock.acquire(Duration.ofMillis(300))), "free after one release of two");
        lock.release();
        assertTrue(pool.apply(() -> {
            boolean got = lock.acquire(Duration.ofSeconds(10));
            lock.release();
            return got;
        }));
    }

    @Test
    void anEventSetInATaskWakesTheProgram() throws Exception {
        Event go = local.cluster.event("go");
        assertFalse(go.await(Duration.ofMillis(200)));
        AsyncResult<Object> setter = pool.applyAsync(() -> {
            Thread.sleep(500);
            go.set();
            return null;
        });
        assertTrue(go.await(Duration.ofSeconds(20)));
        setter.get();
        assertTrue(go.isSet());
        go.clear();
        // A set cleared at once still wakes a waiter.
        Event blink = local.cluster.event("blink");
        AsyncResult<Boolean> waiter = pool.applyAsync(() -> blink.await(Duration.ofSeconds(30)));
        Thread.sleep(1500);
        blink.set();
        blink.clear();
        assertTrue(waiter.get());
        assertFalse(blink.isSet());
    }

    @Test
    void waitsHonourInterruption() throws Exception {
        Queue<Object> q = local.cluster.queue("silent");
        Thread self = Thread.currentThread();
        Thread interrupter = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            self.interrupt();
        });
        assertThrows(InterruptedException.class, q::get);
        interrupter.join();
        assertFalse(Thread.interrupted());
    }

    @Test
    void aTaskReachesItsMembersClusterThroughLocal() throws Exception {
        long pid = pool.apply(() -> {
            Cluster here = Cluster.local();
            here.<String, Long>dict("from-tasks").put("pid", ProcessHandle.current().pid());
            here.close();       // does nothing in a member
            return ProcessHandle.current().pid();
        });
        assertEquals(pid, local.cluster.<String, Long>dict("from-tasks").get("pid"));
        assertEquals(pid, pool.apply(() -> Cluster.local().<String, Long>dict("from-tasks").get("pid")), "the member goes on");
    }

    @Test
    void aHandleKeptAcrossANewConnectionUsesIt() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(local.name, local.keyFile.toString()));
        args.addAll(local.addresses());
        var result = org.multiprocessing4j.testing.JavaProgram.run(java.time.Duration.ofMinutes(2), ReconnectProgram.class,
                args.toArray(String[]::new));
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals(List.of("put through the first connection; put through the second, by the first's handle"),
                result.stdoutLines(), result::describe);
    }

    @Test
    void primitivesThatNeedTheCpSubsystemAreRefused() {
        for (var refused : List.<org.junit.jupiter.api.function.Executable>of(
                () -> local.cluster.semaphore("s", 1), () -> local.cluster.boundedSemaphore("b", 1),
                () -> local.cluster.condition("c"), () -> local.cluster.barrier("b", 2))) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, refused);
            assertTrue(e.getMessage().contains("CP subsystem"), e.getMessage());
        }
    }
}
