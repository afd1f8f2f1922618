package org.multiprocessing4j.managers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.BaseManager;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/** What a review of the manager found: hostile peers, address spellings, handles, idle clients, registered collections. */
@Timeout(120)
class ManagerRobustnessTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    /** Looks into the server it lives in. */
    public interface Probe {
        int size();

        void gc();
    }

    /** A probe of the server at {@code address}, in that server's JVM. */
    static final class ServerProbe implements Probe {
        private final String address;

        ServerProbe(String address) {
            this.address = address;
        }

        @Override
        public int size() {
            return Server.running(address).size();
        }

        @Override
        public void gc() {
            System.gc();
            try {
                Thread.sleep(50); // lets the Cleaner run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    /**
     * A peer that connects and goes away before authenticating (a port scan, a health check, a
     * client killed mid-handshake) fails its own accept only: the server goes on accepting.
     */
    @Test
    void aPeerThatHangsUpBeforeAuthenticatingDoesNotStopTheServerAccepting() throws Exception {
        try (Manager manager = Manager.start()) {
            List<Integer> list = manager.list(List.of(1));
            assertEquals(1, list.size());
            for (int i = 0; i < 3; i++) {
                try (SocketChannel bare = SocketChannel.open(manager.address())) {
                    assertTrue(bare.isConnected());
                }
            }
            Thread.sleep(300);
            // A new thread needs a new connection.
            CompletableFuture<Integer> fromNewThread = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    fromNewThread.complete(list.size());
                } catch (Throwable e) {
                    fromNewThread.completeExceptionally(e);
                }
            });
            t.setDaemon(true);
            t.start();
            assertEquals(1, fromNewThread.get(20, TimeUnit.SECONDS));
        }
    }

    /**
     * A proxy held inside a served container (a dict in a list) lives in the server's JVM; when
     * the container is freed, the nested object is freed too (the server's own releases are
     * applied at once).
     */
    @Test
    void anObjectNestedInAFreedContainerIsFreed() throws Exception {
        BaseManager types = new BaseManager().registerWithArguments("Probe",
                args -> new ServerProbe((String) args[0]), Probe.class);
        try (Manager manager = types.start()) {
            Probe probe = manager.proxy("Probe", Addresses.format(manager.address()));
            assertEquals(1, probe.size());
            List<Object> outer = manager.list();
            outer.add(manager.dict(Map.of("k", "v")));
            assertEquals(3, probe.size());
            outer = null;
            awaitSize(1, () -> {
                System.gc();       // here: the client's proxies go
                probe.gc();        // there: the server's nested proxy goes (this request carries our releases)
                return probe.size();
            });
        }
    }

    /**
     * A client that connected by another spelling of the address ("localhost:port") gets proxies
     * in replies (a dict's iterator) that name the address it used: they work, with its key.
     */
    @Test
    void aClientConnectedByHostNameCanIterateADict() throws Exception {
        byte[] key = randomKey();
        try (Manager served = Manager.serve(0, key)) {
            int port = ((InetSocketAddress) served.address()).getPort();
            Process child = new Process(() -> {
                SocketAddress byName = new InetSocketAddress(InetAddress.getByName("localhost"), port);
                try (Manager remote = Manager.connect(byName, key)) {
                    Map<String, Integer> dict = remote.dict(Map.of("a", 1));
                    int sum = 0;
                    for (int v : dict.values()) sum += v;
                    if (sum != 1) throw new AssertionError(sum);
                }
            });
            child.start();
            assertTrue(child.join(LONG));
            assertEquals(OptionalInt.of(0), child.exitCode());
        }
    }

    /**
     * Closing one Manager handle of a server leaves the others of this process working.
     */
    @Test
    void closingOneConnectedManagerLeavesTheOthersWorking() throws Exception {
        Manager manager = Manager.start();
        try {
            List<Integer> list = manager.list(List.of(1));
            Manager.connect(manager.address(), Multiprocessing.currentProcess().authkey()).close();
            assertEquals(1, list.size());
            assertEquals(0, manager.list().size());
        } finally {
            manager.close(); // if the client was closed, this waits 10 s and terminates the server
        }
    }

    /** A proxy whose manager this process closed says so, from a thread that had a connection or not. */
    @Test
    void aProxyOfAClosedManagerFailsWithIllegalStateException() throws Exception {
        Manager manager = Manager.start();
        List<Integer> list = manager.list();
        assertEquals(0, list.size());
        manager.close();
        assertThrows(IllegalStateException.class, list::size);
        CompletableFuture<Throwable> other = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                list.size();
                other.complete(null);
            } catch (Throwable e) {
                other.complete(e);
            }
        });
        assertTrue(other.get(60, TimeUnit.SECONDS) instanceof IllegalStateException);
    }

    /**
     * The connections of threads that ended (a socket or shared-memory pipe, and a thread in the
     * server) are closed by the client's tidier, even while other threads keep calling.
     */
    @Test
    void theConnectionsOfEndedThreadsAreClosed() throws Exception {
        try (Manager manager = Manager.start()) {
            List<Integer> list = manager.list();
            list.size();
            int before = shmFiles();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                threads.add(Thread.ofPlatform().start(() -> list.add(n)));
            }
            for (Thread t : threads) assertTrue(t.join(LONG));
            assertTrue(shmFiles() > before, "the test's premise: each thread made a pipe");
            assertEquals(8, list.size());
            awaitSize(before, () -> {
                System.gc();
                list.size();
                return shmFiles();
            });
        }
    }

    /**
     * A registered type exposed as a List (or Set, Map) keeps the List contract: equal by content,
     * the same hash as an equal list.
     */
    @Test
    void aRegisteredListProxyKeepsTheListContract() throws Exception {
        BaseManager types = new BaseManager().register("plainList",
                () -> Collections.synchronizedList(new ArrayList<>()), List.class);
        try (Manager manager = types.start()) {
            List<Integer> proxy = manager.proxy("plainList");
            proxy.add(1);
            assertTrue(proxy.equals(List.of(1)), "List.equals: a list with the same elements is equal");
            assertEquals(List.of(1).hashCode(), proxy.hashCode(), "List.hashCode");
        }
    }

    /**
     * A registered Collection-typed interface can be iterated: its iterator() is served as a
     * proxy (an iterator cannot travel), so for-each, stream() and new ArrayList<>(proxy) work.
     */
    @Test
    void aRegisteredListProxyCanBeIterated() throws Exception {
        BaseManager types = new BaseManager().register("plainList",
                () -> Collections.synchronizedList(new ArrayList<>()), List.class);
        try (Manager manager = types.start()) {
            List<Integer> proxy = manager.proxy("plainList");
            proxy.add(1);
            int sum = 0;
            for (int v : proxy) sum += v;
            assertEquals(1, sum);
        }
    }

    /** equals answers false, not throws, for a list it cannot send. */
    @Test
    void equalsWithAnUnserializableListIsFalse() throws Exception {
        try (Manager manager = Manager.start()) {
            List<Object> list = manager.list(List.of(1));
            assertFalse(list.equals(List.of(new Object())));
        }
    }

    /** A thread with its interrupt status set can call a non-blocking method (the status stays set). */
    @Test
    void aPendingInterruptDoesNotBreakAPlainCall() throws Exception {
        try (Manager manager = Manager.start()) {
            List<Object> list = manager.list(List.of(1));
            Thread.currentThread().interrupt();
            try {
                assertEquals(1, list.size());
                list.add(new byte[1 << 20]);
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            assertEquals(2, list.size());
        }
    }

    private static int shmFiles() {
        String prefix = "mp4j-" + ProcessHandle.current().pid() + "-";
        try (Stream<java.nio.file.Path> files = Files.list(java.nio.file.Path.of("/dev/shm"))) {
            return (int) files.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitSize(int expected, IntSupplier size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int now;
        while ((now = size.getAsInt()) != expected) {
            if (System.nanoTime() > deadline) throw new AssertionError("still " + now + ", not " + expected);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
