package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A started manager's built-in containers and registered types: CPython's _TestContainers,
 * test_mymanager and the manager variants of the value and queue tests.
 */
@Timeout(120)
class ManagerTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static Manager manager;

    @BeforeAll
    static void startManager() {
        manager = new BaseManager()
                .register("Squares", () -> new Squares(10), Iterator.class)
                .registerWithArguments("Counter", args -> new Counter((Integer) args[0]), Counting.class)
                .start();
    }

    @AfterAll
    static void shutdown() {
        if (manager != null) manager.close();
    }

    /** What the test's registered type exposes. */
    public interface Counting {
        int increment();

        int divide(int by);

        void fail(String message);

        void failUnserializably();
    }

    /** A counter: one public method ({@code reset}) is not in the interface, so no client may call it. */
    static final class Counter implements Counting {
        private int value;

        Counter(int start) {
            value = start;
        }

        @Override
        public synchronized int increment() {
            return ++value;
        }

        @Override
        public synchronized int divide(int by) {
            return value / by;
        }

        @Override
        public void fail(String message) {
            throw new IllegalArgumentException(message);
        }

        @Override
        public void failUnserializably() {
            throw new Unserializable();
        }

        public synchronized void reset() {
            value = 0;
        }
    }

    /** An exception with a field that cannot be serialized. */
    static final class Unserializable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings({"unused", "serial"})
        private final Object lock = new Object();

        Unserializable() {
            super("cannot travel");
        }
    }

    /** A generator, as in CPython's test: the squares of 0..n-1. */
    static final class Squares implements Iterator<Integer>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int n;
        private int i;

        Squares(int n) {
            this.n = n;
        }

        @Override
        public synchronized boolean hasNext() {
            return i < n;
        }

        @Override
        public synchronized Integer next() {
            if (i >= n) throw new NoSuchElementException();
            int x = i++;
            return x * x;
        }
    }

    @Test
    void listBehavesAsAList() {
        List<Integer> list = manager.list(List.of(5, 6, 7));
        list.add(8);
        list.add(0, 4);
        assertEquals(List.of(4, 5, 6, 7, 8), list);
        assertEquals(List.of(4, 5, 6, 7, 8), new ArrayList<>(list));
        assertEquals("[4, 5, 6, 7, 8]", list.toString());
        assertEquals(5, list.size());
        assertEquals(7, list.get(3));
        assertEquals(6, list.set(2, 60));
        assertTrue(list.contains(60));
        assertEquals(2, list.indexOf(60));
        list.sort(null);
        assertEquals(List.of(4, 5, 7, 8, 60), list);
        int sum = 0;
        for (int x : list) sum += x;
        assertEquals(84, sum);
        assertEquals(List.of(5, 7), list.subList(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(10));
        list.clear();
        assertTrue(list.isEmpty());
    }

    @Test
    void dictBehavesAsAnInsertionOrderedMap() {
        Map<String, Integer> dict = manager.dict();
        dict.put("b", 2);
        dict.put("a", 1);
        dict.put("c", 3);
        assertEquals("{b=2, a=1, c=3}", dict.toString());
        assertEquals(List.of("b", "a", "c"), new ArrayList<>(dict.keySet()));
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), dict);
        assertEquals(2, dict.get("b"));
        assertEquals(null, dict.get("z"));
        assertEquals(3, dict.merge("a", 2, Integer::sum));
        assertEquals(9, dict.getOrDefault("z", 9));
        assertEquals(2, dict.remove("b"));
        assertEquals(2, dict.size());
        Iterator<Map.Entry<String, Integer>> it = dict.entrySet().iterator();
        it.next();
        it.remove();
        assertEquals(Map.of("c", 3), dict);
    }

    @Test
    void clearingADictWhileIteratingItFailsTheNextStep() {
        Map<Integer, Integer> dict = manager.dict(Map.of(1, 2, 3, 4));
        Iterator<Integer> it = dict.keySet().iterator();
        it.next();
        dict.clear();
        assertThrows(ConcurrentModificationException.class, it::next);
    }

    @Test
    void nestedProxiesShareState() {
        Map<String, Object> outer = manager.dict();
        List<Integer> inner = manager.list();
        outer.put("inner", inner);
        inner.add(1);
        @SuppressWarnings("unchecked")
        List<Integer> fetched = (List<Integer>) outer.get("inner");
        assertNotSame(inner, fetched);
        fetched.add(2);
        assertEquals(List.of(1, 2), inner);
        assertEquals("{inner=[1, 2]}", outer.toString());

        List<Object> a = manager.list(List.of("x"));
        List<Object> b = manager.list();
        b.add(a);
        a.add("y");
        assertEquals("[[x, y]]", b.toString());
    }

    @Test
    void namespaceShowsItsPublicNames() {
        Manager.Namespace ns = manager.namespace();
        ns.set("name", "Bob");
        ns.set("_hidden", 1);
        assertEquals("Namespace(name='Bob')", ns.toString());
        assertEquals("Bob", ns.get("name"));
        assertTrue(ns.has("_hidden"));
        ns.delete("_hidden");
        assertFalse(ns.has("_hidden"));
        assertThrows(NoSuchElementException.class, () -> ns.get("age"));
    }

    @Test
    void valueAndArray() throws Exception {
        Manager.ValueProxy<Integer> v = manager.value(1);
        v.set(v.get() + 1);
        assertEquals(2, v.get());
        assertTrue(v.compareAndSet(2, 5));
        assertFalse(v.compareAndSet(2, 6));
        assertEquals(6, v.updateAndGet(x -> x + 1));
        List<Integer> array = manager.array(new int[] {1, 2, 3});
        array.set(1, 20);
        assertEquals(List.of(1, 20, 3), array);
        assertThrows(UnsupportedOperationException.class, () -> array.add(4));
    }

    @Test
    void changesAChildMakesAreSeenByTheParent() throws Exception {
        List<String> list = manager.list();
        Map<String, Integer> dict = manager.dict();
        Manager.ValueProxy<Integer> value = manager.value(0);
        Process p = new Process(() -> {
            list.add("from child");
            dict.put("child", 42);
            value.set(7);
        });
        p.start();
        assertTrue(p.join(LONG));
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertEquals(List.of("from child"), list);
        assertEquals(Map.of("child", 42), dict);
        assertEquals(7, value.get());
    }

    @Test
    void generatorProxyYieldsSquares() {
        Iterator<Integer> squares = manager.proxy("Squares");
        List<Integer> got = new ArrayList<>();
        squares.forEachRemaining(got::add);
        assertEquals(List.of(0, 1, 4, 9, 16, 25, 36, 49, 64, 81), got);
    }

    @Test
    void registeredTypeExceptionsComeBackAsTheSameType() {
        Counting counter = manager.proxy("Counter", 10);
        assertEquals(11, counter.increment());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> counter.fail("bad value"));
        assertEquals("bad value", e.getMessage());
        assertInstanceOf(RemoteTraceback.class, e.getCause());
        assertThrows(ArithmeticException.class, () -> counter.divide(0));
        RemoteException r = assertThrows(RemoteException.class, counter::failUnserializably);
        assertEquals(Unserializable.class.getName(), r.remoteClassName());
        assertTrue(counter.toString().contains("Counter"), counter.toString());
    }

    @Test
    void aFactoryFailureComesBackAsItsType() {
        assertThrows(ClassCastException.class, () -> manager.proxy("Counter", "ten"));
    }

    @Test
    void mergesFromThreadsOfSeveralProcessesAreAtomic() throws Exception {
        Map<String, Integer> counts = manager.dict();
        SerializableRunnable hammer = () -> {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 200; i++) counts.merge("n", 1, Integer::sum);
                }));
            }
            for (Thread t : threads) t.join();
        };
        Process a = new Process(hammer);
        Process b = new Process(hammer);
        a.start();
        b.start();
        hammer.run();
        assertTrue(a.join(LONG));
        assertTrue(b.join(LONG));
        assertEquals(OptionalInt.of(0), a.exitCode());
        assertEquals(OptionalInt.of(0), b.exitCode());
        assertEquals(3 * 3 * 200, counts.get("n"));
    }

    @Test
    void unknownTypeAndBadRegistrationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> manager.proxy("Nope"));
        assertTrue(e.getMessage().contains("'Nope'"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new BaseManager().register("x", () -> new Counter(0), Counter.class));
        assertThrows(IllegalArgumentException.class,
                () -> new BaseManager().register("list", ArrayList::new, List.class).start());
    }

    @Test
    void unserializableArgumentFailsInTheCaller() {
        List<Object> list = manager.list();
        SerializationException e = assertThrows(SerializationException.class, () -> list.add(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertEquals(0, list.size());
    }

    @Test
    void shutdownEndsTheServerWithExitCodeZero() throws Exception {
        Manager m = Manager.start();
        List<Integer> list = m.list(List.of(1));
        Process server = m.serverProcess().orElseThrow();
        m.close();
        assertTrue(server.join(LONG));
        assertEquals(OptionalInt.of(0), server.exitCode());
        assertThrows(RuntimeException.class, list::size);
        m.close();
    }

    @Test
    void proxiesOfAStoppedServerFailClearly() {
        Manager m = Manager.start();
        Map<String, String> dict = m.dict();
        m.serverProcess().orElseThrow().kill();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                dict.put("k", "v");
                Thread.sleep(50);
            }
        });
        assertTrue(e.getMessage().contains("manager"), e.getMessage());
        m.close();
    }
}
