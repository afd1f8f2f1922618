package org.multiprocessing4j.managers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.BaseManager;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Process;

/** The server's side: what a client may call, and when objects are freed. */
@Timeout(120)
class ServerTest {

    private static final byte[] KEY = "server test key".getBytes(StandardCharsets.UTF_8);
    private static final Duration LONG = Duration.ofSeconds(60);

    /** The interface a registered counter is called through. */
    public interface Counting {
        int increment();
    }

    /** Has a public method that its interface does not expose. */
    public static final class Counter implements Counting {
        private int value;

        @Override
        public synchronized int increment() {
            return ++value;
        }

        public synchronized void reset() {
            value = 0;
        }
    }

    private Manager manager;
    private Server server;

    @BeforeEach
    void serve() throws Exception {
        manager = new BaseManager().register("Counter", Counter::new, Counting.class).serve(0, KEY);
        server = Server.running(Addresses.format(manager.address()));
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    @Test
    void aMethodOutsideTheExposedInterfaceIsRefused() throws Exception {
        ManagerClient client = ManagerClient.open(manager.address(), KEY);
        Token token = client.create("Counter");
        assertEquals(1, client.callUnchecked(token, "increment()"));
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
                () -> client.callUnchecked(token, "reset()"));
        assertTrue(refused.getMessage().contains("reset()"), refused.getMessage());
        assertTrue(refused.getMessage().contains(Counting.class.getName()), refused.getMessage());
        assertEquals(2, client.callUnchecked(token, "increment()"));
        assertThrows(UnsupportedOperationException.class, () -> client.callUnchecked(token, "getClass()"));
        assertThrows(IllegalStateException.class,
                () -> client.callUnchecked(new Token(token.address(), 9_999, "x", "y"), "increment()"));
    }

    @Test
    void droppedProxiesAreReleased() throws Exception {
        List<Integer> probe = manager.list();
        int before = server.size();
        List<List<Integer>> lists = new ArrayList<>();
        for (int i = 0; i < 50; i++) lists.add(manager.list(List.of(i)));
        assertEquals(before + 50, server.size());
        lists.clear();
        awaitSize(before, () -> {
            System.gc();
            probe.size(); // a request carries the releases
            return server.size();
        });
    }

    @Test
    void iteratingADictLeavesNoIteratorBehind() {
        Map<Integer, Integer> dict = manager.dict(Map.of(1, 1, 2, 4));
        int before = server.size();
        for (int i = 0; i < 20; i++) {
            int sum = 0;
            for (int v : dict.values()) sum += v;
            assertEquals(5, sum);
        }
        awaitSize(before, () -> {
            System.gc();
            dict.size();
            return server.size();
        });
    }

    @Test
    void aNestedProxyKeepsItsObjectAlive() {
        Map<String, Object> outer = manager.dict();
        outer.put("inner", manager.list(List.of("kept")));
        for (int i = 0; i < 5; i++) {
            System.gc();
            outer.size();
        }
        assertEquals(List.of("kept"), outer.get("inner"));
    }

    @Test
    void aProcessThatDiesReleasesWhatItHeld() throws Exception {
        int before = server.size();
        var address = manager.address();
        Process holder = new Process(() -> {
            try (Manager remote = Manager.connect(address, KEY)) {
                List<Object> kept = new ArrayList<>();
                for (int i = 0; i < 10; i++) kept.add(remote.dict());
                Runtime.getRuntime().halt(3); // dies holding ten proxies
            }
        });
        holder.start();
        assertTrue(holder.join(LONG));
        assertEquals(OptionalInt.of(3), holder.exitCode());
        awaitSize(before, server::size);
    }

    private static void awaitSize(int expected, IntSupplier size) {
        long deadline = System.nanoTime() + LONG.toNanos();
        int now;
        while ((now = size.getAsInt()) != expected) {
            if (System.nanoTime() > deadline) throw new AssertionError("the server still holds " + now + " objects, not " + expected);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
