package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Managers served over TCP and reached from other JVMs: CPython's test_remote, plus the
 * authentication and blocking-call cases a remote user meets.
 */
@Timeout(120)
class RemoteManagerTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    /** The one queue the served manager hands out, as CPython's {@code register('get_queue', callable=lambda: queue)}. */
    private static final BlockingQueue<Object> JOBS = new LinkedBlockingQueue<>();

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static BaseManager queueManager() {
        return new BaseManager().register("jobs", () -> JOBS, BlockingQueue.class);
    }

    @Test
    void anotherJvmConnectsWithTheKeyAndPassesValues() throws Exception {
        byte[] key = randomKey();
        try (Manager served = queueManager().serve(0, key)) {
            SocketAddress address = served.address();
            assertInstanceOf(InetSocketAddress.class, address);
            assertTrue(((InetSocketAddress) address).getAddress().isLoopbackAddress());
            assertTrue(((InetSocketAddress) address).getPort() > 0);
            Process client = new Process(() -> {
                try (Manager remote = Manager.connect(address, key)) {
                    BlockingQueue<Object> queue = remote.proxy("jobs");
                    queue.put(Arrays.asList("hello world", null, true, 2.25, "unicod\u00e9 \u2713", new byte[] {1, 2, 3}));
                }
            });
            client.start();
            BlockingQueue<Object> queue = served.proxy("jobs");
            List<?> got = (List<?>) queue.poll(60, TimeUnit.SECONDS);
            assertTrue(client.join(LONG));
            assertEquals(OptionalInt.of(0), client.exitCode());
            assertEquals(Arrays.asList("hello world", null, true, 2.25, "unicod\u00e9 \u2713"), got.subList(0, 5));
            assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) got.get(5));
        }
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnythingIsExchanged() throws Exception {
        try (Manager served = Manager.serve(0, randomKey())) {
            assertThrows(AuthenticationException.class, () -> Manager.connect(served.address(), randomKey()));
            Map<String, Integer> dict = served.dict();
            dict.put("still", 1);
            assertEquals(1, dict.get("still"));
        }
    }

    @Test
    void aSecondServerOnTheSameAddressFails() throws Exception {
        try (Manager served = Manager.serve(0, randomKey())) {
            assertThrows(BindException.class, () -> Manager.serve(served.address(), randomKey()));
        }
    }

    @Test
    void aProxyCapturedByAChildCarriesACustomKey() throws Exception {
        try (Manager served = Manager.serve(0, randomKey())) {
            List<String> list = served.list();
            Process child = new Process(() -> list.add("from a child with the manager's key"));
            child.start();
            assertTrue(child.join(LONG));
            assertEquals(OptionalInt.of(0), child.exitCode());
            assertEquals(List.of("from a child with the manager's key"), list);
        }
    }

    @Test
    void nestedProxiesWorkInAServerWithItsOwnKey() throws Exception {
        try (Manager served = Manager.serve(0, randomKey())) {
            Map<String, Object> outer = served.dict();
            outer.put("inner", served.list(List.of(1)));
            assertEquals("{inner=[1]}", outer.toString());
            @SuppressWarnings("unchecked")
            List<Integer> inner = (List<Integer>) outer.get("inner");
            inner.add(2);
            assertEquals("{inner=[1, 2]}", outer.toString());
        }
    }

    @Test
    void aClientThreadInterruptedInABlockingCallGetsInterruptedException() throws Exception {
        try (Manager started = queueManager().start()) {
            BlockingQueue<Object> queue = started.proxy("jobs");
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, queue::take);
            assertFalse(Thread.currentThread().isInterrupted());
            // The abandoned take ends in the server, so an item put now is not swallowed by it.
            Thread.sleep(500);
            queue.put("kept");
            assertEquals("kept", queue.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void aThreadOfTheServingJvmInterruptedInABlockingCallGetsInterruptedException() throws Exception {
        try (Manager served = queueManager().serve(0, randomKey())) {
            BlockingQueue<Object> queue = served.proxy("jobs");
            JOBS.clear();
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, queue::take);
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    @Test
    void aClientKilledInABlockingCallLosesNoLaterItem() throws Exception {
        byte[] key = randomKey();
        try (Manager served = queueManager().serve(0, key)) {
            JOBS.clear();
            SocketAddress address = served.address();
            Process taker = new Process(() -> {
                try (Manager remote = Manager.connect(address, key)) {
                    BlockingQueue<Object> queue = remote.proxy("jobs");
                    queue.take();
                }
            });
            taker.start();
            BlockingQueue<Object> queue = served.proxy("jobs");
            waitUntil(() -> hasWaitingTaker(), "the child to block in take()");
            taker.kill();
            assertTrue(taker.join(LONG));
            Thread.sleep(500);
            queue.put("kept");
            assertEquals("kept", queue.poll(10, TimeUnit.SECONDS));
            assertNull(queue.poll());
        }
    }

    private static boolean hasWaitingTaker() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("manager-connection") && t.getState() == Thread.State.WAITING) {
                for (StackTraceElement e : t.getStackTrace()) {
                    if (e.getMethodName().equals("take")) return true;
                }
            }
        }
        return false;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
