package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * Pool: CPython's test_apply, test_map, test_starmap, test_map_async(_callbacks), test_async,
 * test_async_timeout, test_imap, test_imap_unordered, test_map/imap_handle_iterable_exception,
 * test_empty_iterable, test_context (ValueError for bad sizes), test_traceback,
 * test_pool_worker_lifetime(_early_close) and test_terminate; plus what the JVM pool adds: workers
 * that die mid-task (halt, exit, kill -9, out of memory), task timeouts, worker state, initializers
 * with an argument, one that fails (a broken pool), per-worker JVM options, worker statistics,
 * arguments and results that cannot be serialized, and a close() that waits for what was submitted.
 *
 * <p>Every pool here starts real JVMs: the plain cases share one pool of two workers; a case that
 * needs its own options, or kills or closes its pool, makes its own with {@link #ownPool}, which is
 * terminated when the test ends, passed or failed.
 */
@Timeout(120)
class PoolTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    /** How long a "slow" task sleeps: far longer than a 100 ms get, short enough to wait for. */
    private static final int SLOW_MILLIS = 2_000;

    /** Two workers, for the cases that need no options of their own; it outlives each test. */
    private static Pool shared;
    /** The pools a test made for itself: terminated after it. */
    private static final List<Pool> OWN_POOLS = new ArrayList<>();

    @BeforeAll
    static void startSharedPool() {
        shared = new Pool(2);
    }

    @AfterAll
    static void stopSharedPool() {
        if (shared != null) shared.terminate();
    }

    @AfterEach
    void terminateOwnPools() {
        for (Pool p : OWN_POOLS) p.terminate();
        OWN_POOLS.clear();
    }

    // ------------------------------------------------------------------ helpers (static: no capture of this)

    /** A pool for one test, terminated after it however it ends (close() would wait for its tasks). */
    private static Pool ownPool(PoolOptions options) {
        Pool p = new Pool(options);
        OWN_POOLS.add(p);
        return p;
    }

    /** Runs a call that has no timeout of its own (map, imap's iterator, close), failing if it hangs. */
    private static <T> T within(ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(LONG, call);
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    private static List<Integer> squares(int n) {
        return IntStream.range(0, n).map(i -> i * i).boxed().toList();
    }

    /** Everything the iterator yields, failing if it hangs. */
    private static <T> List<T> drain(Iterator<T> it) {
        return within(() -> {
            List<T> all = new ArrayList<>();
            while (it.hasNext()) all.add(it.next());
            return all;
        });
    }

    /** What {@code it} yields before it throws {@link SayWhenError}; asserts it ends after that. */
    private static List<Integer> valuesBeforeSayWhen(Iterator<Integer> it) {
        return within(() -> {
            List<Integer> got = new ArrayList<>();
            assertThrows(SayWhenError.class, () -> {
                while (it.hasNext()) got.add(it.next());
            }, "the input's exception, after " + got);
            assertFalse(it.hasNext(), "the chunk that failed reading the input is the last");
            return got;
        });
    }

    private static boolean hasFrame(Throwable t, String className, String methodPrefix) {
        return Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().startsWith(methodPrefix));
    }

    private static boolean causeChainHas(Throwable t, Class<? extends Throwable> type, String message) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c) && message.equals(c.getMessage())) return true;
        }
        return false;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    // ---- tasks, run in the workers

    static int square(int x) {
        return x * x;
    }

    static int sleepThenSquare(int x) throws InterruptedException {
        Thread.sleep(SLOW_MILLIS);
        return x * x;
    }

    static int sleepMillis(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    static long pid() {
        return ProcessHandle.current().pid();
    }

    /** {x², pid of the worker}. */
    static long[] squareAndPid(int x) {
        return new long[] {x * x, pid()};
    }

    static Object identity(Object x) {
        return x;
    }

    static Object newObject(int x) {
        return new Object();
    }

    static int readFails(int x) throws IOException {
        throw new IOException("cannot read item " + x);
    }

    /** CPython's SayWhenError: what the failing input throws. */
    static final class SayWhenError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SayWhenError(String message) {
            super(message);
        }
    }

    /** 0, 1, ..., n - 1, but the iterator throws {@link SayWhenError} when asked for item {@code failAt}. */
    record FailingInput(int n, int failAt) implements Iterable<Integer> {
        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < n;
                }

                @Override
                public Integer next() {
                    if (next == failAt) throw new SayWhenError("the input fails at item " + failAt);
                    if (next >= n) throw new NoSuchElementException();
                    return next++;
                }
            };
        }
    }

    // ---- worker customisation: set in each worker by the initializer, the state factory, the JVM options

    static volatile String greeting;

    static void setGreeting(String text) {
        greeting = text;
    }

    static void failingInitializer() {
        throw new IllegalStateException("the initializer fails on purpose");
    }

    /** A worker state: made once in each worker, never serialized. */
    static final class TaskCounter {
        int tasks;
    }

    /** What a task saw in its worker. */
    record WorkerView(long pid, int taskNumber, String greeting, String property) implements Serializable {
    }

    static WorkerView viewWorker(int x) {
        TaskCounter counter = Pool.workerState();
        return new WorkerView(pid(), ++counter.tasks, greeting, System.getProperty("my.prop"));
    }

    // ------------------------------------------------------------------ results

    @Test
    void applyMapStarmapAndMapAsyncGiveTheSequentialResults() throws Exception {
        assertEquals(25, (int) within(() -> shared.apply(PoolTest::square, 5)));
        assertEquals(49, (int) within(() -> shared.apply(() -> square(7))));

        List<Integer> in = range(100);
        List<Integer> expected = squares(100);
        assertEquals(expected, within(() -> shared.map(PoolTest::square, in)));
        assertEquals(expected, within(() -> shared.map(PoolTest::square, in, 20)));
        assertEquals(expected, shared.mapAsync(PoolTest::square, in).get(LONG));
        assertEquals(expected, shared.mapAsync(PoolTest::square, in, 20, null, null).get(LONG));

        List<Map.Entry<Integer, Integer>> pairs = in.stream().map(i -> Map.entry(i, i + 1)).toList();
        List<Integer> products = in.stream().map(i -> i * (i + 1)).toList();
        assertEquals(products, within(() -> shared.starmap((Integer a, Integer b) -> a * b, pairs)));
        assertEquals(products, within(() -> shared.starmap((Integer a, Integer b) -> a * b, pairs, 20)));
        assertEquals(products, shared.starmapAsync((Integer a, Integer b) -> a * b, pairs, 0, null, null).get(LONG));
    }

    /** A callback that takes a while, then records what it got: it must be done when get() returns. */
    private static <T> Consumer<T> slowly(CompletableFuture<T> record) {
        return value -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            record.complete(value);
        };
    }

    @Test
    void mapAsyncCallsTheCallbackWithTheListOrTheErrorCallbackWithTheExceptionBeforeGetReturns() throws Exception {
        CompletableFuture<List<Integer>> gotList = new CompletableFuture<>();
        CompletableFuture<Throwable> gotError = new CompletableFuture<>();
        AsyncResult<List<Integer>> ok = shared.<String, Integer>mapAsync(Integer::parseInt, List.of("1"), 0,
                slowly(gotList), slowly(gotError));
        assertTrue(ok.await(LONG));
        assertTrue(gotList.isDone(), "await() returned before the callback ran (CPython runs it first)");
        assertEquals(List.of(1), gotList.getNow(null));
        assertEquals(List.of(1), ok.get(Duration.ZERO));
        assertTrue(ok.successful());
        assertFalse(gotError.isDone(), "the error callback was called for a success");

        CompletableFuture<List<Integer>> gotList2 = new CompletableFuture<>();
        CompletableFuture<Throwable> gotError2 = new CompletableFuture<>();
        AsyncResult<List<Integer>> bad = shared.<String, Integer>mapAsync(Integer::parseInt, List.of("a"), 0,
                slowly(gotList2), slowly(gotError2));
        assertThrows(NumberFormatException.class, () -> bad.get(LONG));
        assertTrue(gotError2.isDone(), "get() returned before the error callback ran (CPython runs it first)");
        assertInstanceOf(NumberFormatException.class, gotError2.getNow(null));
        assertFalse(bad.successful());
        assertFalse(gotList2.isDone(), "the callback was called for a failure");

        CompletableFuture<Integer> gotValue = new CompletableFuture<>();
        assertEquals(49, shared.applyAsync(PoolTest::square, 7, slowly(gotValue), null).get(LONG));
        assertEquals(49, gotValue.getNow(null), "applyAsync's callback, when get() returns");
    }

    @Test
    void applyAsyncGivesTheValueAndGetTimesOutOnASlowTask() throws Exception {
        AsyncResult<Integer> quick = shared.applyAsync(PoolTest::square, 7);
        assertTrue(quick.await(LONG));
        assertTrue(quick.ready());
        assertTrue(quick.successful());
        assertEquals(49, quick.get());
        assertEquals(49, shared.applyAsync(() -> square(7)).get(LONG));

        AsyncResult<Integer> slow = shared.applyAsync(PoolTest::sleepThenSquare, 6);
        assertFalse(slow.ready());
        assertThrows(IllegalStateException.class, slow::successful, "successful() before the result is ready");
        assertThrows(TimeoutException.class, () -> slow.get(Duration.ofMillis(100)));
        assertFalse(slow.await(Duration.ofMillis(10)));
        assertTrue(slow.await(LONG), "the slow task ends");
        assertTrue(slow.ready());
        assertTrue(slow.successful());
        assertEquals(36, slow.get());
        assertEquals(36, slow.get(Duration.ZERO));
    }

    @Test
    void imapIsOrderedThenEndsAndImapUnorderedGivesTheSameResults() {
        for (int chunksize : new int[] {1, 7}) {
            Iterator<Integer> it = shared.imap(PoolTest::square, range(50), chunksize);
            assertEquals(squares(50), drain(it), "chunksize " + chunksize);
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);

            Iterator<Integer> unordered = shared.imapUnordered(PoolTest::square, range(50), chunksize);
            List<Integer> got = new ArrayList<>(drain(unordered));
            got.sort(null);
            assertEquals(squares(50), got, "chunksize " + chunksize);
            assertFalse(unordered.hasNext());
        }
        assertEquals(squares(20), drain(shared.imap(PoolTest::square, range(20))));
    }

    @Test
    void imapGoesOnAfterAFailingTask() {
        Iterator<Integer> it = shared.imap(x -> {
            if (x == 2) throw new IllegalArgumentException("item 2 fails");
            return x * x;
        }, range(5));
        List<Integer> got = within(() -> {
            List<Integer> values = new ArrayList<>();
            values.add(it.next());
            values.add(it.next());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, it::next);
            assertEquals("item 2 fails", e.getMessage());
            while (it.hasNext()) values.add(it.next());
            return values;
        });
        assertEquals(List.of(0, 1, 9, 16), got);
    }

    // ------------------------------------------------------------------ an input iterator that throws

    @Test
    void mapRethrowsTheInputsExceptionAndThePoolCanBeUsedAgain() {
        SayWhenError e = assertThrows(SayWhenError.class,
                () -> within(() -> shared.map(PoolTest::square, new FailingInput(10, 5))));
        assertEquals("the input fails at item 5", e.getMessage());
        assertThrows(SayWhenError.class, () -> shared.mapAsync(PoolTest::square, new FailingInput(10, 0)));
        assertEquals(squares(10), within(() -> shared.map(PoolTest::square, range(10))));
        assertThrows(SayWhenError.class, () -> within(() -> shared.map(PoolTest::square, new FailingInput(10, 9), 3)));
        assertEquals(squares(10), within(() -> shared.map(PoolTest::square, range(10))));
    }

    @Test
    void imapYieldsWhatCameBeforeAFailingInputItemThenItsException() {
        assertEquals(List.of(0, 1, 4), valuesBeforeSayWhen(shared.imap(PoolTest::square, new FailingInput(10, 3), 1)));
        assertEquals(List.of(0, 1, 4, 9, 16, 25), valuesBeforeSayWhen(shared.imap(PoolTest::square, new FailingInput(10, 7), 2)));
        assertEquals(List.of(0, 1, 4, 9), valuesBeforeSayWhen(shared.imap(PoolTest::square, new FailingInput(10, 7), 4)));
        assertEquals(List.of(), valuesBeforeSayWhen(shared.imap(PoolTest::square, new FailingInput(10, 0), 1)));

        // Unordered, the input's exception comes when it arrives; the three results before it come too.
        Iterator<Integer> unordered = shared.imapUnordered(PoolTest::square, new FailingInput(10, 3), 1);
        List<Integer> values = new ArrayList<>();
        int errors = within(() -> {
            int n = 0;
            while (unordered.hasNext()) {
                try {
                    values.add(unordered.next());
                } catch (SayWhenError e) {
                    n++;
                }
            }
            return n;
        });
        values.sort(null);
        assertEquals(List.of(0, 1, 4), values);
        assertEquals(1, errors);

        assertEquals(squares(10), drain(shared.imap(PoolTest::square, range(10))));
    }

    // ------------------------------------------------------------------ arguments

    @Test
    void badSizesAreRejectedAndEmptyInputGivesEmptyResults() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Pool(0));
        assertThrows(IllegalArgumentException.class, () -> new Pool(-1));
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().processes(0));
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().maxTasksPerChild(0));
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().maxTasksPerChild(-1));
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().taskTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> within(() -> shared.map(PoolTest::square, range(3), 0)));
        assertThrows(IllegalArgumentException.class, () -> shared.imap(PoolTest::square, range(3), 0));

        assertEquals(List.of(), within(() -> shared.map(PoolTest::square, List.<Integer>of())));
        assertEquals(List.of(), within(() -> shared.map(PoolTest::square, List.<Integer>of(), 5)));
        AsyncResult<List<Integer>> empty = shared.mapAsync(PoolTest::square, List.<Integer>of());
        assertEquals(List.of(), empty.get(LONG));
        assertTrue(empty.successful());
        assertEquals(List.of(), within(() -> shared.starmap((Integer a, Integer b) -> a + b, List.<Map.Entry<Integer, Integer>>of())));
        assertEquals(List.of(), drain(shared.imap(PoolTest::square, List.<Integer>of())));
        assertEquals(List.of(), drain(shared.imapUnordered(PoolTest::square, List.<Integer>of())));
    }

    // ------------------------------------------------------------------ task exceptions

    @Test
    void aTaskExceptionIsRethrownAsTheSameTypeWithTheRemoteTracebackAsCause() throws Exception {
        SerializableFunction<Integer, Integer> failsAt3 = x -> {
            if (x == 3) throw new IllegalArgumentException("bad item " + x);
            return x;
        };
        AsyncResult<Integer> result = shared.applyAsync(failsAt3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> result.get(LONG));
        assertEquals("bad item 3", e.getMessage());
        RemoteTraceback tb = assertInstanceOf(RemoteTraceback.class, e.getCause());
        assertTrue(tb.getMessage().contains("PoolWorker"), tb.getMessage());
        assertTrue(hasFrame(tb, PoolTest.class.getName(), "lambda$"), "the worker's frames: " + Arrays.toString(tb.getStackTrace()));
        assertTrue(hasFrame(e, AsyncResult.class.getName(), "get"), "the exception's own trace is the caller's");
        assertFalse(result.successful());

        IllegalArgumentException fromMap = assertThrows(IllegalArgumentException.class,
                () -> within(() -> shared.map(failsAt3, range(10))));
        assertEquals("bad item 3", fromMap.getMessage());
        assertInstanceOf(RemoteTraceback.class, fromMap.getCause());
        assertThrows(IllegalArgumentException.class, () -> within(() -> shared.apply(failsAt3, 3)));
    }

    @Test
    void aCheckedTaskExceptionComesWrappedInACompletionException() {
        AsyncResult<Object> result = shared.applyAsync(() -> {
            throw new IOException("disk on fire");
        });
        CompletionException e = assertThrows(CompletionException.class, () -> result.get(LONG));
        IOException io = assertInstanceOf(IOException.class, e.getCause());
        assertEquals("disk on fire", io.getMessage());
        assertInstanceOf(RemoteTraceback.class, io.getCause());

        CompletionException fromMap = assertThrows(CompletionException.class,
                () -> within(() -> shared.map(PoolTest::readFails, range(4))));
        IOException io2 = assertInstanceOf(IOException.class, fromMap.getCause());
        assertTrue(io2.getMessage().startsWith("cannot read item "), io2.getMessage());
    }

    @Test
    void anOutOfMemoryErrorEndsTheWorkerUnlessTheJvmOptionsSayOtherwise() throws Exception {
        // By default a worker that runs out of memory exits (-XX:+ExitOnOutOfMemoryError) and is replaced.
        List<Long> before = shared.workerPids();
        WorkerLostException lost = assertThrows(WorkerLostException.class,
                () -> shared.applyAsync(() -> new long[Integer.MAX_VALUE].length).get(LONG));
        assertEquals(OptionalInt.of(3), lost.exitCode(), lost.getMessage());
        assertEquals(squares(10), within(() -> shared.map(PoolTest::square, range(10))));
        assertEquals(2, shared.workerPids().size());
        assertEquals(1, shared.workerPids().stream().filter(before::contains).count(), "only one worker was replaced");

        // The user's options come last: -XX:-ExitOnOutOfMemoryError makes the error travel back instead.
        Pool pool = ownPool(PoolOptions.defaults().processes(1).jvmOptions(List.of("-XX:-ExitOnOutOfMemoryError")));
        List<Long> worker = pool.workerPids();
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> pool.applyAsync(() -> new long[Integer.MAX_VALUE].length).get(LONG));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        // Note: a VM-made OutOfMemoryError carries no RemoteTraceback (its cause cannot be set): not asserted.
        assertEquals(squares(10), within(() -> pool.map(PoolTest::square, range(10))));
        assertEquals(worker, pool.workerPids(), "the worker lived on");
    }

    // ------------------------------------------------------------------ maxTasksPerChild

    @Test
    void maxTasksPerChildRetiresWorkersAndTheResultsStayCorrect() throws Exception {
        Pool pool = ownPool(PoolOptions.defaults().processes(2).maxTasksPerChild(10));
        List<long[]> out = pool.mapAsync(PoolTest::squareAndPid, range(40), 1, null, null).get(LONG);
        assertEquals(squares(40).stream().map(Integer::longValue).toList(), out.stream().map(r -> r[0]).toList());
        Map<Long, Integer> tasksPerPid = new HashMap<>();
        for (long[] r : out) tasksPerPid.merge(r[1], 1, Integer::sum);
        assertTrue(tasksPerPid.values().stream().allMatch(n -> n <= 10), "a worker ran more than 10 tasks: " + tasksPerPid);
        assertTrue(tasksPerPid.size() >= 4, "40 tasks, 10 per worker, yet only " + tasksPerPid.size() + " workers");
        assertEquals(squares(30), within(() -> pool.map(PoolTest::square, range(30))));
    }

    @Test
    void maxTasksPerChildOneWithAnEarlyCloseCompletesEverythingWithoutHanging() throws Exception {
        Pool pool = ownPool(PoolOptions.defaults().processes(2).maxTasksPerChild(1));
        List<AsyncResult<long[]>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) results.add(pool.applyAsync(PoolTest::squareAndPid, i));
        within(() -> {
            pool.close();
            return null;
        });
        assertTrue(pool.join(LONG));
        assertEquals(List.of(), pool.workerPids());
        Set<Long> pids = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            assertTrue(results.get(i).ready(), "close() returned before result " + i + " was ready");
            long[] r = results.get(i).get(Duration.ZERO);
            assertEquals((long) i * i, r[0]);
            pids.add(r[1]);
        }
        assertEquals(6, pids.size(), "one task per worker: " + pids);

        // A closed pool refuses work.
        assertThrows(IllegalStateException.class, () -> within(() -> pool.map(PoolTest::square, range(3))));
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(PoolTest::square, 3));
        assertThrows(IllegalStateException.class, () -> pool.imap(PoolTest::square, range(3)));
    }

    // ------------------------------------------------------------------ beyond CPython: workers that die, timeouts

    @Test
    void aWorkerThatDiesMidTaskFailsOnlyThatTaskAndIsReplaced() throws Exception {
        Pool pool = ownPool(PoolOptions.defaults().processes(2).jvmOptions(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")));
        record Death(String how, SerializableCallable<Integer> task, int exitCode) {
        }
        List<Death> deaths = List.of(
                new Death("Runtime.halt(7)", () -> {
                    Runtime.getRuntime().halt(7);
                    return 0;
                }, 7),
                new Death("System.exit(5)", () -> {
                    System.exit(5);
                    return 0;
                }, 5),
                new Death("kill -9 (by another process: 128 + 9)", () -> {
                    new ProcessBuilder("kill", "-9", Long.toString(ProcessHandle.current().pid())).start().waitFor();
                    Thread.sleep(30_000);
                    return 0;
                }, 137),
                new Death("out of memory with -XX:+ExitOnOutOfMemoryError", () -> {
                    List<byte[]> hog = new ArrayList<>();
                    while (true) hog.add(new byte[1 << 20]);
                }, 3));
        for (Death death : deaths) {
            List<Long> before = pool.workerPids();
            assertEquals(2, before.size());
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.applyAsync(death.task()).get(LONG), death.how());
            assertFalse(e instanceof TaskTimeoutException, death.how());
            assertTrue(e.getMessage().contains("terminated abruptly with exit code " + death.exitCode()), death.how() + ": " + e.getMessage());
            assertEquals(OptionalInt.of(death.exitCode()), e.exitCode(), death.how());

            List<Long> after = pool.workerPids();
            assertEquals(2, after.size(), death.how() + ": the worker was replaced");
            assertEquals(1, after.stream().filter(before::contains).count(), death.how() + ": only one worker changed");
            assertEquals(squares(20), pool.mapAsync(PoolTest::square, range(20)).get(LONG), death.how());
        }
    }

    @Test
    void aTaskThatOverrunsTheTimeoutFailsAloneAndThePoolGoesOn() throws Exception {
        // Setting a worker up takes longer than the timeout: it must not count against its first task.
        Pool pool = ownPool(PoolOptions.defaults().processes(2).taskTimeout(Duration.ofSeconds(1))
                .initializer(() -> Thread.sleep(1_500)));
        assertEquals(9, pool.applyAsync(PoolTest::square, 3).get(LONG));

        AsyncResult<Integer> slow = pool.applyAsync(PoolTest::sleepMillis, 60_000);
        List<AsyncResult<Integer>> fast = new ArrayList<>();
        for (int i = 0; i < 6; i++) fast.add(pool.applyAsync(PoolTest::square, i));
        TaskTimeoutException e = assertThrows(TaskTimeoutException.class, () -> slow.get(Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("task timeout"), e.getMessage());
        for (int i = 0; i < 6; i++) assertEquals(i * i, fast.get(i).get(LONG), "fast task " + i);
        assertEquals(2, pool.workerPids().size());

        // In an imap, the item that overruns fails in its place; the others succeed.
        Iterator<Integer> it = pool.imap(PoolTest::sleepMillis, List.of(0, 60_000, 1, 2, 3));
        List<Integer> got = within(() -> {
            List<Integer> values = new ArrayList<>();
            values.add(it.next());
            assertThrows(TaskTimeoutException.class, it::next);
            while (it.hasNext()) values.add(it.next());
            return values;
        });
        assertEquals(List.of(0, 1, 2, 3), got);

        assertThrows(TaskTimeoutException.class,
                () -> pool.mapAsync(PoolTest::sleepMillis, List.of(0, 60_000, 0, 0), 1, null, null).get(Duration.ofSeconds(30)));
        assertEquals(squares(10), pool.mapAsync(PoolTest::square, range(10)).get(LONG));
        assertEquals(2, pool.workerPids().size());
    }

    // ------------------------------------------------------------------ beyond CPython: worker set-up

    @Test
    void initializerWorkerStateAndJvmOptionsReachTheTasksAndStatsCountThem() throws Exception {
        Pool pool = ownPool(PoolOptions.defaults().processes(2)
                .initializer(PoolTest::setGreeting, "hello from the initializer")
                .workerState(TaskCounter::new)
                .jvmOptions(List.of("-Dmy.prop=42")));
        List<WorkerView> views = pool.mapAsync(PoolTest::viewWorker, range(40), 1, null, null).get(LONG);
        assertEquals(40, views.size());
        for (WorkerView v : views) {
            assertEquals("hello from the initializer", v.greeting());
            assertEquals("42", v.property());
        }
        Map<Long, List<Integer>> numbersPerPid = new HashMap<>();
        for (WorkerView v : views) numbersPerPid.computeIfAbsent(v.pid(), k -> new ArrayList<>()).add(v.taskNumber());
        assertTrue(numbersPerPid.size() <= 2, "workers: " + numbersPerPid.keySet());
        for (List<Integer> numbers : numbersPerPid.values()) {
            numbers.sort(null);
            assertEquals(IntStream.rangeClosed(1, numbers.size()).boxed().toList(), numbers,
                    "each worker's state counts its own tasks, one by one");
        }

        List<WorkerStats> stats = pool.workerStats();
        assertEquals(2, stats.size());
        assertEquals(new HashSet<>(pool.workerPids()), new HashSet<>(stats.stream().map(WorkerStats::pid).toList()));
        assertEquals(40, stats.stream().mapToLong(WorkerStats::tasksCompleted).sum());
        for (WorkerStats s : stats) {
            assertEquals(numbersPerPid.getOrDefault(s.pid(), List.of()).size(), s.tasksCompleted(), s.toString());
            assertTrue(s.name().startsWith("PoolWorker-"), s.name());
            assertFalse(s.working().isNegative() || s.waiting().isNegative(), s.toString());
        }
    }

    @Test
    void workerStateIsNullWithoutAFactoryAndOutsideAWorkerThrows() throws Exception {
        assertThrows(IllegalStateException.class, Pool::workerState);
        assertNull(shared.applyAsync(() -> Pool.<Object>workerState()).get(LONG));
    }

    @Test
    void aFailingInitializerBreaksThePool() throws Exception {
        Pool pool = ownPool(PoolOptions.defaults().processes(2).initializer(PoolTest::failingInitializer));
        BrokenProcessPoolException e = assertThrows(BrokenProcessPoolException.class,
                () -> pool.applyAsync(() -> 1).get(LONG));
        assertTrue(causeChainHas(e, IllegalStateException.class, "the initializer fails on purpose"), "cause chain of " + e);
        assertThrows(BrokenProcessPoolException.class, () -> pool.applyAsync(() -> 2));
        assertThrows(BrokenProcessPoolException.class, () -> pool.mapAsync(PoolTest::square, range(3)));
        assertThrows(BrokenProcessPoolException.class, () -> pool.imap(PoolTest::square, range(3)));
        within(() -> {
            pool.close();
            return null;
        });
        assertTrue(pool.join(LONG));
        assertEquals(List.of(), pool.workerPids());
    }

    // ------------------------------------------------------------------ terminate

    @Test
    void terminateWithTenThousandPendingTasksReturnsPromptlyAndLeavesNoWorker() throws Exception {
        Pool pool = ownPool(PoolOptions.defaults().processes(2));
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) results.add(pool.applyAsync(PoolTest::sleepMillis, 10));
        AsyncResult<List<Integer>> map = pool.mapAsync(PoolTest::sleepMillis, Collections.nCopies(10_000, 10), 1, null, null);
        assertEquals(10, results.get(0).get(LONG));
        List<Long> pids = pool.workerPids();
        assertEquals(2, pids.size());

        assertTimeoutPreemptively(Duration.ofSeconds(15), pool::terminate);
        for (long pid : pids) assertFalse(alive(pid), "worker " + pid + " outlived terminate()");
        assertEquals(List.of(), pool.workerPids());
        assertTrue(pool.join(Duration.ZERO));

        int cancelled = 0;
        for (AsyncResult<Integer> r : results) {
            assertTrue(r.ready());
            if (r.successful()) {
                assertEquals(10, r.get(Duration.ZERO));
            } else {
                assertThrows(CancellationException.class, () -> r.get(Duration.ZERO));
                cancelled++;
            }
        }
        assertThrows(CancellationException.class, () -> results.get(9_999).get(Duration.ofSeconds(1)));
        assertThrows(CancellationException.class, () -> map.get(Duration.ofSeconds(1)));
        assertTrue(cancelled > 0);
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(PoolTest::square, 1));
    }

    // ------------------------------------------------------------------ serialization

    @Test
    void anUnserializableArgumentFailsTheCallInTheCallerAndThePoolLivesOn() throws Exception {
        List<Object> items = Arrays.asList(1, new Object(), 3);
        SerializationException e = assertThrows(SerializationException.class,
                () -> within(() -> shared.map(PoolTest::identity, items)));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertThrows(SerializationException.class, () -> shared.applyAsync(PoolTest::identity, new Object()));
        Object captured = new Object();
        assertThrows(SerializationException.class, () -> shared.applyAsync(() -> captured.hashCode()));
        SerializationException fromImap = assertThrows(SerializationException.class,
                () -> drain(shared.imap(PoolTest::identity, items)));
        assertTrue(fromImap.getMessage().contains("java.lang.Object"), fromImap.getMessage());
        assertEquals(squares(10), within(() -> shared.map(PoolTest::square, range(10))));
    }

    @Test
    void anUnserializableResultFailsThatTaskEveryTimeAndTheWorkersGoOn() throws Exception {
        List<Long> before = shared.workerPids();
        for (int i = 0; i < 20; i++) {
            int item = i;
            SerializationException e = assertThrows(SerializationException.class,
                    () -> shared.applyAsync(PoolTest::newObject, item).get(LONG), "attempt " + i);
            assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        }
        assertThrows(SerializationException.class, () -> shared.mapAsync(PoolTest::newObject, range(5)).get(LONG));
        assertEquals(squares(10), within(() -> shared.map(PoolTest::square, range(10))));
        assertEquals(before, shared.workerPids(), "no worker died");
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void joinBeforeCloseIsRefused() {
        assertThrows(IllegalStateException.class, () -> shared.join(Duration.ofMillis(100)));
        assertThrows(IllegalStateException.class, () -> within(() -> {
            shared.join();
            return null;
        }));
    }

    @Test
    void tryWithResourcesWaitsForPendingResultsThenThePoolRefusesWork() throws Exception {
        List<AsyncResult<Integer>> results = new ArrayList<>();
        Pool[] escaped = new Pool[1];
        within(() -> {
            try (Pool pool = new Pool(2)) {
                escaped[0] = pool;
                for (int i = 0; i < 8; i++) results.add(pool.applyAsync(PoolTest::sleepMillis, 300 + i));
            }
            return null;
        });
        for (int i = 0; i < 8; i++) {
            assertTrue(results.get(i).ready(), "close() returned before result " + i + " was ready");
            assertEquals(300 + i, results.get(i).get(Duration.ZERO));
        }
        Pool pool = escaped[0];
        assertEquals(List.of(), pool.workerPids());
        assertTrue(pool.join(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> within(() -> pool.map(PoolTest::square, range(3))));
        assertThrows(IllegalStateException.class, () -> pool.applyAsync(PoolTest::square, 3));
    }
}
