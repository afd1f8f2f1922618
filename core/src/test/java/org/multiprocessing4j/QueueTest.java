package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.multiprocessing4j.shm.MappedSegment;

/**
 * Queue, JoinableQueue and SimpleQueue: CPython's test_put, test_get, test_fork, test_qsize,
 * test_task_done, test_closed_queue_put_get_exceptions, plus what the shared-memory transport adds
 * (items spilled past the ring, producers that exit early, consumers killed holding the get-lock).
 */
@Timeout(180)
class QueueTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    /** A call that must not wait returns within this (a timed wait of 200 ms must not). */
    private static final long AT_ONCE_MILLIS = 100;

    // ------------------------------------------------------------------ helpers (static: no capture of this)

    private static Process started(SerializableRunnable target) {
        Process p = new Process(target);
        p.start();
        return p;
    }

    private static void joinOk(Process... processes) throws InterruptedException {
        for (Process p : processes) {
            assertTrue(p.join(LONG), p + " did not end");
            assertEquals(OptionalInt.of(0), p.exitCode(), p + " failed");
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static <X extends Throwable> X assertThrowsAtOnce(Class<X> type, Executable call) {
        long start = System.nanoTime();
        X thrown = assertThrows(type, call);
        long took = millisSince(start);
        assertTrue(took < AT_ONCE_MILLIS, "should not wait, took " + took + " ms");
        return thrown;
    }

    private static <X extends Throwable> void assertThrowsAfter200Millis(Class<X> type, Executable call) {
        long start = System.nanoTime();
        assertThrows(type, call);
        long took = millisSince(start);
        assertTrue(took >= 150, "a 200 ms timeout gave up after " + took + " ms");
        assertTrue(took < 10_000, "a 200 ms timeout gave up after " + took + " ms");
    }

    /** Receives from {@code conn}, failing instead of hanging if nothing comes within {@link #LONG}. */
    private static <T> T recv(Connection conn) throws Exception {
        assertTrue(conn.poll(LONG), "nothing came through the pipe");
        return conn.recv();
    }

    /** Runs a call that has no timeout of its own (SimpleQueue.get, join()), failing if it hangs. */
    private static <T> T within(ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(LONG, call);
    }

    /** Segments holding spilled items whose lifetime is this process's (spilled items are not held: no "h"). */
    private static long spilledSegmentsOwnedHere() throws IOException {
        String prefix = "mp4j-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> files = Files.list(MappedSegment.DIRECTORY)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && !name.endsWith("h"))
                    .count();
        }
    }

    private static void closeBoth(Pipe pipe) {
        pipe.left().close();
        pipe.right().close();
    }

    /** Serializable, travels by Java serialization. */
    record Point(int x, String label) implements Serializable {
    }

    /** Not serializable: putting it must fail in the caller, naming it. */
    static final class Unserializable {
        final int value = 42;
    }

    // ------------------------------------------------------------------ put / get, bounded, timeouts

    @Test
    void boundedQueueFillsWithEveryPutVariantThenIsFullAtOnceOrAfterTheTimeout() throws Exception {
        Queue<Integer> q = new Queue<>(6);
        assertEquals(6, q.maxsize());
        assertEquals(0, q.qsize());
        assertTrue(q.empty());
        assertFalse(q.full());

        q.put(10);
        q.put(11, LONG);
        q.put(12, Duration.ofMillis(1));
        assertEquals(3, q.qsize());
        q.putNowait(13);
        q.put(14, Duration.ZERO);
        assertEquals(5, q.qsize());
        assertFalse(q.full());
        assertFalse(q.empty());
        q.put(15, Duration.ofMillis(-1));         // a negative timeout: non-blocking, and there is room
        assertEquals(6, q.qsize());
        assertTrue(q.full());

        assertThrowsAtOnce(Queue.Full.class, () -> q.putNowait(99));
        assertThrowsAtOnce(Queue.Full.class, () -> q.put(99, Duration.ZERO));
        assertThrowsAtOnce(Queue.Full.class, () -> q.put(99, Duration.ofSeconds(-1)));
        assertThrowsAfter200Millis(Queue.Full.class, () -> q.put(99, Duration.ofMillis(200)));
        assertEquals(6, q.qsize(), "a refused put adds nothing");
        assertTrue(q.full());

        // A child blocked in put() on the full queue goes on once the parent takes an item.
        Pipe pipe = Pipe.open();
        Connection theirs = pipe.right();
        Process producer = started(() -> {
            theirs.send(q.full());
            q.put(16);
            theirs.send("put returned");
        });
        assertEquals(Boolean.TRUE, recv(pipe.left()), "the child sees the queue full");
        assertFalse(pipe.left().poll(Duration.ofMillis(300)), "put into a full queue returned");
        assertEquals(10, q.get(LONG));
        assertEquals("put returned", recv(pipe.left()));
        joinOk(producer);

        assertEquals(6, q.qsize());
        assertTrue(q.full());
        for (int i = 11; i <= 16; i++) assertEquals(i, q.get(LONG));
        assertTrue(q.empty());
        assertFalse(q.full());
        q.put(17, Duration.ZERO);                 // room again
        assertEquals(17, q.getNowait());

        // A child streams more items than the bound through it: never more than 6 are queued.
        Process streamer = started(() -> {
            for (int i = 0; i < 500; i++) q.put(i, LONG);
        });
        for (int i = 0; i < 500; i++) {
            assertTrue(q.qsize() <= 6, "qsize " + q.qsize() + " above the bound");
            assertEquals(i, q.get(LONG));
        }
        joinOk(streamer);
        assertTrue(q.empty());
        closeBoth(pipe);
    }

    @Test
    void getVariantsReturnItemsInOrderAndEmptyIsAtOnceOrAfterTheTimeout() throws Exception {
        Queue<String> q = new Queue<>();
        for (String s : List.of("one", "two", "three", "four", "five", "six", "seven")) q.put(s);
        assertEquals(7, q.qsize());
        assertEquals("one", q.get());
        assertEquals("two", q.get(LONG));
        assertEquals("three", q.get(Duration.ZERO));
        assertEquals("four", q.getNowait());
        assertEquals("five", q.get(Duration.ofMillis(-1)));
        assertEquals("six", q.get(Duration.ofMillis(1)));
        assertEquals(1, q.qsize());
        assertEquals("seven", q.get(Duration.ofMillis(200)));
        assertEquals(0, q.qsize());
        assertTrue(q.empty());

        assertThrowsAtOnce(Queue.Empty.class, q::getNowait);
        assertThrowsAtOnce(Queue.Empty.class, () -> q.get(Duration.ZERO));
        assertThrowsAtOnce(Queue.Empty.class, () -> q.get(Duration.ofMillis(-5)));
        assertThrowsAfter200Millis(Queue.Empty.class, () -> q.get(Duration.ofMillis(200)));
        assertTrue(q.empty());

        // A blocked get() is woken by a child's put.
        Process late = started(() -> {
            Thread.sleep(300);
            q.put("late");
        });
        assertEquals("late", q.get(LONG));
        joinOk(late);
        assertThrowsAtOnce(Queue.Empty.class, q::getNowait);
    }

    // ------------------------------------------------------------------ items: types, null, order, size

    /** Items of many types, null among them; arrays are compared by content. */
    static List<Object> mixedItems() {
        return Arrays.asList(null, 42, -7L, 1L << 40, 3.25, Double.NaN, true, false, "", "héllo wörld ✓",
                new byte[0], new byte[] {1, 2, -3}, 'c', (short) 5, (byte) -1, 2.5f, Integer.MIN_VALUE,
                Long.MAX_VALUE, new BigInteger("123456789012345678901234567890"), List.of(1, "two", 3.0),
                new ArrayList<>(Arrays.asList("a", null, "c")), new HashMap<>(Map.of("k", 1, "l", 2)),
                new Point(3, "p"), new int[] {4, 5, 6}, null);
    }

    @Test
    void nullAndItemsOfManyTypesFromAChildArriveInOrder() throws Exception {
        Queue<Object> q = new Queue<>();
        q.put(null);                              // null is an item, not "no item"
        assertEquals(1, q.qsize());
        assertNull(q.getNowait());
        assertThrowsAtOnce(Queue.Empty.class, q::getNowait);

        Process producer = started(() -> {
            for (Object item : mixedItems()) q.put(item);
            for (int i = 0; i < 2000; i++) q.put(i);
            q.put("end");
        });
        for (Object expected : mixedItems()) {
            Object got = q.get(LONG);
            assertTrue(Objects.deepEquals(expected, got), "expected " + expected + ", got " + got);
            if (expected != null) assertEquals(expected.getClass(), got.getClass());
        }
        for (int i = 0; i < 2000; i++) assertEquals(i, q.get(LONG), "FIFO per producer");
        assertEquals("end", q.get(LONG));
        joinOk(producer);
        assertTrue(q.empty());
    }

    static byte[] bigBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static ArrayList<Object> bigList() {
        ArrayList<Object> list = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) list.add(i % 3 == 0 ? "s" + i : (Object) (i * 7919L));
        return list;
    }

    @Test
    void largeItemsSpillPastTheRingAndArriveWholeAfterTheProducerExited() throws Exception {
        Queue<Object> q = new Queue<>();
        long spilledBefore = spilledSegmentsOwnedHere();
        Process producer = started(() -> {
            q.put("before");
            q.put(bigBytes(8 << 20, 8));         // 8 MiB: far more than the 1 MiB ring
            q.put("middle");
            q.put(bigList());                     // ~2 MB when serialized
            q.put(bigBytes(1 << 20, 1));         // exactly the ring's size: cannot fit with its header
            q.put("after");
        });
        joinOk(producer);                         // gone before anything is read
        assertEquals(6, q.qsize());
        assertEquals(spilledBefore + 3, spilledSegmentsOwnedHere(), "the three big items spilled, owned by the queue's creator");
        assertEquals("before", q.get(LONG));
        assertArrayEquals(bigBytes(8 << 20, 8), (byte[]) q.get(LONG));
        assertEquals("middle", q.get(LONG));
        assertEquals(bigList(), q.get(LONG));
        assertArrayEquals(bigBytes(1 << 20, 1), (byte[]) q.get(LONG));
        assertEquals("after", q.get(LONG));
        assertTrue(q.empty());
        assertEquals(spilledBefore, spilledSegmentsOwnedHere(), "a spilled item's segment is removed once read");

        // and the other way: the parent puts a big item, a child takes it
        byte[] big = bigBytes(3 << 20, 3);
        int expectedHash = Arrays.hashCode(big);
        q.put(big);
        Pipe pipe = Pipe.open();
        Connection theirs = pipe.right();
        Process consumer = started(() -> theirs.send(Arrays.hashCode((byte[]) q.get(LONG))));
        assertEquals(expectedHash, (int) recv(pipe.left()));
        joinOk(consumer);
        assertTrue(q.empty());
        assertEquals(spilledBefore, spilledSegmentsOwnedHere());
        closeBoth(pipe);
    }

    /** A 100-character string, different for each i. */
    static String smallItem(int i) {
        String s = Integer.toString(i);
        return s + "-".repeat(100 - s.length());
    }

    @Test
    void itemsOfAProducerThatPutMoreThanTheRingHoldsAndExitedAreAllThere() throws Exception {
        int n = 50_000, leftForAfterTheExit = 9_000;   // 50,000 x 108 ring bytes: ~5 rings' worth
        Queue<String> q = new Queue<>();
        Process producer = started(() -> {
            for (int i = 0; i < n; i++) q.put(smallItem(i));
        });
        // Read while the producer fills the ring (put waits once 1 MiB is unread; items that find
        // it nearly full spill to segments of their own), stopping short of the end: the last
        // items (~970 KB) are still in the queue when the producer exits.
        for (int i = 0; i < n - leftForAfterTheExit; i++) assertEquals(smallItem(i), q.get(LONG));
        joinOk(producer);
        assertEquals(leftForAfterTheExit, q.qsize());
        for (int i = n - leftForAfterTheExit; i < n; i++) assertEquals(smallItem(i), q.get(LONG));
        assertTrue(q.empty());
        assertThrowsAtOnce(Queue.Empty.class, q::getNowait);
    }

    @Test
    void aPutThatCannotFitGivesBackItsSlotAndTask() throws Exception {
        JoinableQueue<byte[]> q = new JoinableQueue<>();
        byte[] item = new byte[60_000];           // below the spill size: each fills the ring inline
        int n = 0;
        while (true) {
            try {
                q.putNowait(item);
                n++;
            } catch (Queue.Full e) {
                break;                            // about 1 MiB unread: an unbounded queue is full too
            }
        }
        assertTrue(n >= 10 && n <= 20, n + " items of 60 kB");
        assertThrows(Queue.Full.class, () -> q.put(item, Duration.ofMillis(100)));
        java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
        Thread blocked = Thread.ofPlatform().start(() -> {
            try {
                q.put(item);
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        Thread.sleep(200);
        blocked.interrupt();
        blocked.join(LONG.toMillis());
        assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
        assertEquals(n, q.qsize(), "the refused puts left no trace");
        for (int i = 0; i < n; i++) {
            q.get(LONG);
            q.taskDone();
        }
        assertTrue(q.join(Duration.ofSeconds(5)), "no unfinished task is left by a refused put");
    }

    @Test
    void aSpilledItemOutlivesTheQueuesCreator() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection out = pipe.right();
        Process maker = started(() -> out.send(new Queue<Object>()));
        Queue<Object> q = pipe.left().recv();
        joinOk(maker);                            // the queue's creator is gone; the queue lives on here
        byte[] big = new byte[2 << 20];
        new java.util.Random(2).nextBytes(big);
        q.put(big);                               // spills into a segment of its own
        joinOk(started(() -> new Queue<Object>().put("x")));   // a new process sweeps dead owners' segments
        assertArrayEquals(big, (byte[]) q.get(LONG));
        pipe.left().close();
        out.close();
    }

    @Test
    void anUnserializableItemFailsInTheCallerAtOnceNamingItsClass() throws Exception {
        Queue<Object> q = new Queue<>(1);
        q.put("filler");                          // full: a bad item must fail, not wait for room
        for (Executable badPut : List.<Executable>of(
                () -> q.put(new Unserializable()),
                () -> q.put(new Unserializable(), LONG),
                () -> q.putNowait(new Unserializable()),
                () -> q.put(List.of(1, new Unserializable())),
                () -> q.put(new HashMap<>(Map.of("key", new Unserializable()))))) {
            SerializationException e = assertThrowsAtOnce(SerializationException.class, badPut);
            assertTrue(e.getMessage().contains(Unserializable.class.getName()), e.getMessage());
        }
        assertEquals(1, q.qsize());
        assertEquals("filler", q.get(LONG));
        assertTrue(q.empty());
        SerializationException e = assertThrowsAtOnce(SerializationException.class, () -> q.put(new Unserializable()));
        assertTrue(e.getMessage().contains(Unserializable.class.getName()), e.getMessage());
        assertEquals(0, q.qsize());
        assertFalse(q.full(), "a failed put took no slot");

        Process producer = started(() -> q.put(true));
        assertEquals(Boolean.TRUE, q.get(LONG));
        joinOk(producer);
        q.putNowait("room for one");              // the slot count is intact
        assertThrowsAtOnce(Queue.Full.class, () -> q.putNowait("no room"));
        assertEquals("room for one", q.getNowait());

        JoinableQueue<Object> jq = new JoinableQueue<>();
        assertThrows(SerializationException.class, () -> jq.put(new Unserializable()));
        assertTrue(jq.join(Duration.ZERO), "a failed put counts no unfinished task");
        SimpleQueue<Object> sq = new SimpleQueue<>();
        assertThrows(SerializationException.class, () -> sq.put(new Unserializable()));
        assertTrue(sq.empty());
    }

    // ------------------------------------------------------------------ many producers and consumers

    private static final int PRODUCERS = 3, CONSUMERS = 3, PER_PRODUCER = 20_000;

    /** What a consumer saw: ids are producer * PER_PRODUCER + seq. */
    record Tally(int count, int duplicates, boolean fifoPerProducer, BitSet seen) implements Serializable {
    }

    static void produce(Queue<Long> q, int producer) throws InterruptedException {
        for (int seq = 0; seq < PER_PRODUCER; seq++) q.put(((long) producer << 32) | seq);
    }

    static Tally consume(Queue<Long> q) throws Exception {
        BitSet seen = new BitSet(PRODUCERS * PER_PRODUCER);
        int[] last = new int[PRODUCERS];
        Arrays.fill(last, -1);
        int count = 0, duplicates = 0;
        boolean fifo = true;
        for (Long item; (item = q.get(LONG)) != null; ) {
            int producer = (int) (item >>> 32), seq = (int) (long) item;
            if (seq <= last[producer]) fifo = false;
            last[producer] = seq;
            int id = producer * PER_PRODUCER + seq;
            if (seen.get(id)) duplicates++;
            seen.set(id);
            count++;
        }
        return new Tally(count, duplicates, fifo, seen);
    }

    @Test
    void manyProducersAndConsumersLoseAndDuplicateNothing() throws Exception {
        Queue<Long> q = new Queue<>();
        Queue<Tally> results = new Queue<>();
        List<Process> consumers = new ArrayList<>();
        for (int c = 0; c < CONSUMERS; c++) consumers.add(started(() -> results.put(consume(q))));
        List<Process> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            producers.add(started(() -> produce(q, producer)));
        }
        for (Process p : producers) joinOk(p);
        for (int c = 0; c < CONSUMERS; c++) q.put(null);   // one end marker per consumer

        BitSet union = new BitSet();
        int total = 0, cardinalities = 0;
        for (int c = 0; c < CONSUMERS; c++) {
            Tally t = results.get(LONG);
            assertEquals(0, t.duplicates(), "a consumer got an item twice");
            assertTrue(t.fifoPerProducer(), "a consumer saw one producer's items out of order");
            assertEquals(t.count(), t.seen().cardinality());
            total += t.count();
            cardinalities += t.seen().cardinality();
            union.or(t.seen());
        }
        for (Process c : consumers) joinOk(c);
        assertEquals(PRODUCERS * PER_PRODUCER, total);
        assertEquals(PRODUCERS * PER_PRODUCER, union.cardinality(), "items lost");
        assertEquals(cardinalities, union.cardinality(), "two consumers got the same item");
        assertTrue(q.empty());
        assertTrue(results.empty());
    }

    // ------------------------------------------------------------------ JoinableQueue

    static void worker(JoinableQueue<Integer> q, Queue<Integer> done) throws Exception {
        for (Integer item; (item = q.get(LONG)) != null; ) {
            Thread.sleep(20);
            done.put(item * item);
            q.taskDone();
        }
        q.taskDone();                             // for the end marker too
    }

    @Test
    void joinableQueueJoinsOnceEveryItemIsDone() throws Exception {
        JoinableQueue<Integer> q = new JoinableQueue<>();
        Queue<Integer> done = new Queue<>();
        assertTrue(q.join(Duration.ZERO), "nothing unfinished");
        assertThrowsAtOnce(IllegalStateException.class, q::taskDone);
        for (int i = 1; i <= 10; i++) q.put(i);
        assertFalse(q.join(Duration.ZERO));
        long start = System.nanoTime();
        assertFalse(q.join(Duration.ofMillis(200)), "ten items are unfinished");
        assertTrue(millisSince(start) >= 150, "join(200 ms) returned early");

        List<Process> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) workers.add(started(() -> worker(q, done)));
        within(() -> {
            q.join();                             // the one without a timeout
            return null;
        });
        assertTrue(q.empty());
        assertEquals(10, done.qsize(), "join returned before every item was done");
        int sum = 0;
        for (int i = 0; i < 10; i++) sum += done.get(LONG);
        assertEquals(385, sum);                   // 1² + ... + 10²
        assertTrue(q.join(Duration.ZERO));
        IllegalStateException extra = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(extra.getMessage().contains("taskDone"), extra.getMessage());
        assertTrue(q.join(Duration.ZERO), "a refused taskDone leaves the count at zero");

        for (int w = 0; w < 4; w++) q.put(null);
        assertTrue(q.join(LONG));
        for (Process w : workers) joinOk(w);
        assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(done.empty());
    }

    // ------------------------------------------------------------------ close

    @Test
    void aClosedQueueRefusesPutAndGetHereButNotElsewhere() throws Exception {
        Queue<Integer> q = new Queue<>(5);
        q.put(1);
        q.put(2);
        q.close();
        q.close();                                // idempotent
        List<Executable> refused = List.of(() -> q.put(3), () -> q.put(3, LONG), () -> q.putNowait(3),
                q::get, () -> q.get(LONG), q::getNowait);
        for (Executable call : refused) {
            IllegalStateException e = assertThrowsAtOnce(IllegalStateException.class, call);
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }

        Pipe pipe = Pipe.open();
        Connection theirs = pipe.right();
        Process child = started(() -> theirs.send(List.of(q.get(LONG), q.get(LONG))));
        assertEquals(List.of(1, 2), recv(pipe.left()), "items put before close stay, for other processes");
        joinOk(child);
        closeBoth(pipe);

        SimpleQueue<String> sq = new SimpleQueue<>();
        sq.close();
        assertThrows(IllegalStateException.class, () -> sq.put("x"));
        assertThrows(IllegalStateException.class, sq::get);
        JoinableQueue<String> jq = new JoinableQueue<>();
        jq.close();
        assertThrows(IllegalStateException.class, () -> jq.put("x"));
        assertThrows(IllegalStateException.class, () -> jq.get(LONG));
    }

    // ------------------------------------------------------------------ SimpleQueue

    @Test
    void simpleQueueAcrossAChild() throws Exception {
        SimpleQueue<Object> sq = new SimpleQueue<>();
        assertTrue(sq.empty());
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left(), theirs = pipe.right();
        Process child = started(() -> {
            sq.put("from child");
            sq.put(null);
            sq.put(List.of(7, 8));
            theirs.send("three put");
            theirs.recv();                        // the parent has put its item
            Object got = sq.get();
            sq.put("echo " + got);
            theirs.send(sq.empty());              // the echo is there
        });
        assertEquals("three put", recv(mine));
        assertFalse(sq.empty());
        assertEquals("from child", within(sq::get));
        assertNull(within(sq::get));
        assertEquals(List.of(7, 8), within(sq::get));
        assertTrue(sq.empty());
        sq.put("ping");
        mine.send("go");
        assertEquals(Boolean.FALSE, recv(mine));
        assertEquals("echo ping", within(sq::get));
        assertTrue(sq.empty());
        joinOk(child);
        closeBoth(pipe);
    }

    // ------------------------------------------------------------------ travelling queues

    @Test
    void queuesCapturedByATargetOrSentThroughAConnectionWorkThere() throws Exception {
        Queue<String> captured = new Queue<>();
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left(), theirs = pipe.right();
        Process child = started(() -> {
            Queue<String> received = theirs.recv();
            JoinableQueue<String> jobs = theirs.recv();
            received.put("via connection: " + captured.get(LONG));
            String job = jobs.get(LONG);
            jobs.taskDone();
            captured.put(job + " done");
            Queue<String> madeHere = new Queue<>(2);
            theirs.send(madeHere);
            madeHere.put("made in the child");
            theirs.recv();                        // the parent took it and put its reply
            theirs.send(madeHere.get(LONG));
        });
        Queue<String> sent = new Queue<>();
        JoinableQueue<String> jobs = new JoinableQueue<>();
        mine.send(sent);
        mine.send(jobs);
        captured.put("hello");
        assertEquals("via connection: hello", sent.get(LONG));
        jobs.put("job 1");
        assertTrue(jobs.join(LONG), "the child's taskDone counts here");
        assertEquals("job 1 done", captured.get(LONG));

        Queue<String> madeThere = recv(mine);
        assertEquals(2, madeThere.maxsize());
        assertEquals("made in the child", madeThere.get(LONG));
        madeThere.put("reply");
        mine.send("your turn");
        assertEquals("reply", recv(mine));
        joinOk(child);
        madeThere.put("after its creator exited");   // the queue lives on while used here
        assertEquals("after its creator exited", madeThere.get(LONG));
        assertTrue(captured.empty());
        assertTrue(sent.empty());
        closeBoth(pipe);
    }

    // ------------------------------------------------------------------ crash

    @Test
    void aConsumerKilledWhileHoldingTheGetLockDoesNotBlockTheOthers() throws Exception {
        Queue<Integer> q = new Queue<>();
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left(), theirs = pipe.right();
        Process doomed = started(() -> {
            theirs.send("getting");
            theirs.send(q.get());                 // blocks holding the get-lock until killed
        });
        assertEquals("getting", recv(mine));
        Thread.sleep(300);                        // well inside get(), waiting on the empty ring
        // A second consumer queues up behind the lock before the holder dies.
        Process waiting = started(() -> {
            theirs.send("waiting");
            theirs.send(List.of(q.get(LONG), q.get(LONG)));
        });
        assertEquals("waiting", recv(mine));
        Thread.sleep(300);
        doomed.kill();
        assertTrue(doomed.join(LONG));
        assertEquals(OptionalInt.of(-9), doomed.exitCode());

        q.put(1);
        q.put(2);
        assertEquals(List.of(1, 2), recv(mine), "the waiting consumer got the lock and the items");
        joinOk(waiting);

        // A consumer arriving later, and the parent, get items too.
        q.put(3);
        q.put(4);
        Process late = started(() -> theirs.send(q.get(LONG)));
        assertEquals(3, (int) recv(mine));
        joinOk(late);
        assertEquals(4, q.get(LONG));
        assertTrue(q.empty());
        assertFalse(mine.poll(Duration.ZERO), "the killed consumer took nothing");

        // No one waits this time: a non-blocking get on a queue with an item recovers the lock itself.
        Process doomedToo = started(() -> {
            theirs.send("getting");
            theirs.send(q.get());
        });
        assertEquals("getting", recv(mine));
        Thread.sleep(300);
        doomedToo.kill();
        assertTrue(doomedToo.join(LONG));
        q.put(5);
        assertEquals(5, q.getNowait(), "getNowait said empty: the dead consumer's get-lock was not recovered");
        assertTrue(q.empty());
        closeBoth(pipe);
    }
}
