package org.multiprocessing4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * The interleavings and misuse a {@link Pool} (and {@link ProcessPoolExecutor}, on the same engine)
 * must survive without hanging, losing work or leaking memory, each found once by review:
 *
 * <ul>
 *   <li>the lifecycle racing the workers: {@code close()} while retired workers are being
 *       replaced; {@code terminate()} while an {@code imap}'s input blocks;</li>
 *   <li>the pool driven from its own threads: {@code terminate()} or {@code close()} called in a
 *       callback must return, and waiting for the pool there ({@code join},
 *       {@code awaitTermination}) must fail at once rather than wait for the very thread it
 *       blocks;</li>
 *   <li>the clocks: a task timeout that must not count the worker's start-up; a timed
 *       {@code invokeAll} that must leave no future pending;</li>
 *   <li>the pipes: a big function sent to a worker that is itself sending a big result (a
 *       deadlock if the pool's send blocked); a stream of one-shot tasks each capturing a big
 *       array, which the worker must not keep;</li>
 *   <li>small contracts: {@code submit(Runnable, result)} returns that very result; a
 *       {@code map} with a progress bar draws it on stderr.</li>
 * </ul>
 *
 * <p>Every case makes its own pool and terminates it in a {@code finally}, so a failing case
 * leaves no worker behind (checked after the class); every wait is bounded.
 */
@Timeout(180)
class PoolRobustnessTest {

    private static final long WAIT_SECONDS = 60;
    private static final Duration WAIT = Duration.ofSeconds(WAIT_SECONDS);
    private static final int MIB = 1 << 20;

    private static Set<ProcessHandle> jvmsBefore;

    @BeforeAll
    static void recordJvmsAlreadyRunning() {
        jvmsBefore = new HashSet<>(JavaProgram.jvmsBelow(ProcessHandle.current()));
    }

    @AfterAll
    static void noWorkerJvmIsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        List<ProcessHandle> left;
        do {
            left = new ArrayList<>(JavaProgram.jvmsBelow(ProcessHandle.current()));
            left.removeAll(jvmsBefore);
            left.removeIf(p -> !p.isAlive());
            if (left.isEmpty()) return;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        fail("worker JVMs left after the class: " + left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList());
    }

    // ------------------------------------------------------------------ helpers (static: lambdas capture no test instance)

    /** Stops {@code pool} whatever state it is in; for {@code finally} blocks (terminate() returns within seconds). */
    private static void terminate(Pool pool) {
        if (pool != null) pool.terminate();
    }

    /** Stops {@code executor} at once and waits, bounded, for its workers; for {@code finally} blocks. */
    private static void shutdownNow(ExecutorService executor) throws InterruptedException {
        if (executor == null) return;
        executor.shutdownNow();
        executor.awaitTermination(WAIT_SECONDS, SECONDS);
    }

    /** {@code pool.close()}, failing the test if it takes longer than {@link #WAIT} (the pool is then terminated). */
    private static void closeWithinTimeout(Pool pool) {
        assertTimeoutPreemptively(WAIT, pool::close, "close() did not return");
    }

    /** Waits for every result, all within one {@link #WAIT}; a deadlocked pool fails here rather than hang. */
    private static void awaitAll(List<? extends AsyncResult<?>> results) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (int i = 0; i < results.size(); i++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            try {
                results.get(i).get(left);
            } catch (TimeoutException e) {
                fail("result " + i + " of " + results.size() + " not ready after " + WAIT + ": is the pool deadlocked?", e);
            }
        }
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    // ------------------------------------------------------------------ lifecycle against the workers

    /**
     * With {@code maxTasksPerChild(1)} every chunk retires its worker, so while the map runs there
     * are moments with no live worker, only a replacement being started. {@code close()} must
     * count that replacement: returning then would drop the rest of the map (and let a
     * try-with-resources block end with work unfinished).
     */
    @Test
    void closeWaitsForTheMapAcrossWorkerRetirements() throws Exception {
        Pool pool = new Pool(PoolOptions.defaults().processes(1).maxTasksPerChild(1));
        try {
            AsyncResult<List<Integer>> doubled = pool.mapAsync((Integer x) -> x * 2, List.of(1, 2, 3, 4, 5, 6, 7, 8), 1, null, null);
            closeWithinTimeout(pool);
            assertTrue(doubled.ready(), "close() returned while the map was unfinished");
            assertEquals(List.of(2, 4, 6, 8, 10, 12, 14, 16), doubled.get(Duration.ZERO));
            assertEquals(List.of(), pool.workerPids(), "close() returned with a worker still alive");
        } finally {
            terminate(pool);
        }
    }

    /**
     * After {@code terminate()}, an {@code imap} iterator whose input is blocked (so it will never
     * learn that the input ended) must still end: with the remaining items cancelled, not by
     * waiting for ever on the feeder.
     */
    @Test
    void imapIteratorEndsAfterTerminateWhileItsInputBlocks() throws Exception {
        Pool pool = new Pool(1);
        CountDownLatch releaseInput = new CountDownLatch(1);
        try {
            Iterable<Integer> twoItemsThenBlocks = () -> new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    if (next < 2) return true;
                    try {
                        releaseInput.await();          // until the test ends
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    return true;
                }

                @Override
                public Integer next() {
                    return next++;
                }
            };
            Iterator<Integer> results = pool.imap((Integer x) -> x, twoItemsThenBlocks);
            assertTimeoutPreemptively(WAIT, () -> {
                assertEquals(0, results.next());
                assertEquals(1, results.next());
            });

            pool.terminate();

            assertTimeoutPreemptively(WAIT, () -> {
                int steps = 0;
                while (results.hasNext()) {
                    assertTrue(++steps < 10, "the iterator keeps going after terminate()");
                    RuntimeException e = assertThrows(RuntimeException.class, results::next,
                            "no item can come after terminate(): the input never yielded another one");
                    assertInstanceOf(CancellationException.class, e);
                }
            }, "the imap iterator did not end after terminate()");
        } finally {
            terminate(pool);
            releaseInput.countDown();                  // the feeder thread then finds the pool gone and ends
        }
    }

    // ------------------------------------------------------------------ the pool driven from its own threads

    /**
     * CPython's idiom {@code error_callback=lambda e: pool.terminate()}: the callback runs in the
     * pool thread that reads the failing worker, which terminate() must not wait for.
     */
    @Test
    void terminateFromAnErrorCallbackReturns() throws Exception {
        Pool pool = new Pool(2);
        try {
            CountDownLatch callbackReturned = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AsyncResult<Object> failing = pool.<Object>applyAsync(() -> {
                throw new IllegalStateException("boom");
            }, null, e -> {
                try {
                    pool.terminate();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                callbackReturned.countDown();
            });

            assertTrue(callbackReturned.await(WAIT_SECONDS, SECONDS), "terminate() called in an error callback hung");
            assertNull(thrown.get(), "terminate() in a callback threw");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> failing.get(WAIT));
            assertEquals("boom", e.getMessage());
            assertTrue(pool.join(WAIT), "the workers did not exit after a terminate() from a callback");
            assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 1), "a terminated pool must refuse work");
        } finally {
            terminate(pool);
        }
    }

    /**
     * {@code close()} in a callback (a try-with-resources block's close, say) cannot wait for the
     * workers to exit, since the thread it runs in must first finish reading one of them: it
     * must return without throwing, and the pool must still close.
     */
    @Test
    void closeFromACallbackReturnsWithoutThrowing() throws Exception {
        Pool pool = new Pool(1);
        try {
            CountDownLatch callbackReturned = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AsyncResult<Integer> result = pool.applyAsync(() -> 6 * 7, value -> {
                try {
                    pool.close();
                } catch (Throwable t) {
                    thrown.set(t);
                }
                callbackReturned.countDown();
            }, null);

            assertTrue(callbackReturned.await(WAIT_SECONDS, SECONDS), "close() called in a callback hung");
            assertNull(thrown.get(), "close() in a callback threw");
            assertEquals(42, result.get(WAIT));
            assertTrue(pool.join(WAIT), "the workers did not exit after a close() from a callback");
            assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 1), "a closed pool must refuse work");
        } finally {
            terminate(pool);
        }
    }

    /**
     * {@code join} in a callback would wait for the very thread it blocks (the reader of a worker
     * must return before that worker counts as gone): it must throw IllegalStateException at once.
     * The pool is closed first so that the exception is for the thread, not for a running pool.
     * (The callback uses a bounded join: were it to wait, the test fails instead of hanging.)
     */
    @Test
    void joinFromACallbackThrowsIllegalStateException() throws Exception {
        Pool pool = new Pool(1);
        try {
            CountDownLatch callbackReturned = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            pool.applyAsync(() -> 1, value -> {
                try {
                    pool.close();
                    pool.join(Duration.ofSeconds(WAIT_SECONDS / 2));
                } catch (Throwable t) {
                    thrown.set(t);
                }
                callbackReturned.countDown();
            }, null);

            assertTrue(callbackReturned.await(WAIT_SECONDS, SECONDS), "the callback did not return");
            assertInstanceOf(IllegalStateException.class, thrown.get(), "join() in a callback must refuse to wait");
            assertTrue(pool.join(WAIT), "the pool closed in the callback did not terminate");
        } finally {
            terminate(pool);
        }
    }

    /**
     * The executor's form of the same mistake: {@code awaitTermination} in a dependent stage run
     * by a pool thread throws IllegalStateException instead of waiting for ever.
     */
    @Test
    void awaitTerminationFromADependentStageThrowsIllegalStateException() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        try {
            // Slow enough that the stage is attached before the task completes: it then runs in the pool thread.
            CompletableFuture<Integer> task = executor.submit(() -> {
                Thread.sleep(1_000);
                return 1;
            });
            CompletableFuture<Throwable> thrown = task.handle((value, error) -> {
                try {
                    executor.shutdown();
                    executor.awaitTermination(WAIT_SECONDS / 2, SECONDS);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });

            assertInstanceOf(IllegalStateException.class, thrown.get(WAIT_SECONDS, SECONDS),
                    "awaitTermination() in a dependent stage must refuse to wait");
            assertEquals(1, task.get(WAIT_SECONDS, SECONDS));
            assertTrue(executor.awaitTermination(WAIT_SECONDS, SECONDS), "the executor shut down in the stage did not terminate");
        } finally {
            shutdownNow(executor);
        }
    }

    // ------------------------------------------------------------------ clocks

    /**
     * A task timeout is the task's: a worker state that takes 3 s to make must not fail a 2 s
     * timeout on the first task, whose clock starts only once the worker is ready.
     */
    @Test
    void taskTimeoutDoesNotCountWorkerStartUp() throws Exception {
        Pool pool = new Pool(PoolOptions.defaults().processes(1)
                .workerState(() -> {
                    Thread.sleep(3_000);
                    return "state";
                })
                .taskTimeout(Duration.ofSeconds(2)));
        try {
            assertEquals(42, pool.applyAsync(() -> 42).get(WAIT));
        } finally {
            terminate(pool);
        }
    }

    /**
     * {@code invokeAll} with a timeout returns every future done (the ExecutorService contract),
     * the ones not finished in time cancelled, even if their task was already running in a worker.
     */
    @Test
    void timedInvokeAllLeavesEveryFutureDone() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        try {
            List<Callable<Integer>> tasks = List.of((Callable<Integer> & Serializable) () -> {
                Thread.sleep(4_000);
                return 1;
            });
            List<Future<Integer>> futures = executor.invokeAll(tasks, 1, SECONDS);
            assertTrue(futures.get(0).isDone(), "invokeAll returned a future that is not done");
            assertTrue(futures.get(0).isCancelled(), "a task not finished in time should be cancelled");
        } finally {
            shutdownNow(executor);
        }
    }

    // ------------------------------------------------------------------ pipes and memory

    /**
     * A worker blocked writing a big result to the pool while the pool writes it a chunk carrying a
     * big function: if that send blocked the pool thread that reads the worker, neither would ever
     * read, a deadlock. Tried in both dispatch regimes: a cold worker with slow tasks (chunks go
     * only to an idle worker) and, after a burst of quick tasks, a warm one (chunks are sent ahead
     * to a busy worker); each time with big results followed by a map whose one function captures
     * 3 MiB and by apply calls each capturing its own 3 MiB.
     */
    @Test
    void bigFunctionSentWhileTheWorkerSendsABigResultDoesNotDeadlock() throws Exception {
        Pool pool = new Pool(1);
        try {
            awaitAll(bigResultsThenBigFunctions(pool, 300));

            List<AsyncResult<?>> warm = new ArrayList<>();
            for (int i = 0; i < 200; i++) warm.add(pool.applyAsync((Integer x) -> x + 1, i));
            warm.addAll(bigResultsThenBigFunctions(pool, 0));
            awaitAll(warm);
        } finally {
            terminate(pool);
        }
    }

    /** Submits four 3 MiB results (each after {@code sleepMillis}), then the map and the applies whose functions are 3 MiB. */
    private static List<AsyncResult<?>> bigResultsThenBigFunctions(Pool pool, int sleepMillis) {
        List<AsyncResult<?>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.applyAsync(() -> {
                Thread.sleep(sleepMillis);
                return new byte[3 * MIB];
            }));
        }
        byte[] sharedCapture = new byte[3 * MIB];
        results.add(pool.mapAsync((Integer x) -> sharedCapture.length + x, range(6), 1, null, null));
        for (int i = 0; i < 4; i++) {
            byte[] ownCapture = new byte[3 * MIB];
            results.add(pool.applyAsync(() -> ownCapture.length));
        }
        return results;
    }

    /**
     * Forty one-shot tasks, each capturing its own 8 MiB array, through a worker with a 64 MiB
     * heap. A worker keeps reusable functions up to 64 MiB of them; one that kept one-shot
     * functions too would fill its heap with arrays no later task uses, run out of memory and
     * die (WorkerLostException, exit code 3). With a bigger heap the cache's byte limit alone would
     * hide the leak.
     */
    @Test
    void oneShotCapturingFunctionsAreNotRetainedByTheWorker() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(PoolOptions.defaults().processes(1).jvmOptions(List.of("-Xmx64m")));
        try {
            for (int i = 0; i < 40; i++) {
                byte[] data = new byte[8 * MIB];
                data[0] = (byte) i;
                int got = executor.submit(() -> (int) data[0]).get(WAIT_SECONDS, SECONDS);
                assertEquals(i, got, "task " + i);
            }
        } finally {
            shutdownNow(executor);
        }
    }

    // ------------------------------------------------------------------ small contracts

    /** {@code submit(Runnable, result)} completes with that very instance, which never travels (it need not be serializable). */
    @Test
    void submitRunnableWithResultReturnsTheSameInstance() throws Exception {
        Object marker = new Object();
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        try {
            Future<Object> f = executor.submit((Runnable & Serializable) () -> { }, marker);
            assertSame(marker, f.get(WAIT_SECONDS, SECONDS));
        } finally {
            shutdownNow(executor);
        }
    }

    /** A program whose {@code map} of 100 items draws a progress bar; prints the sum of the results. */
    public static final class MapWithProgressBar {
        public static void main(String[] args) throws Exception {
            try (Pool pool = new Pool(PoolOptions.defaults().processes(2).progressBar(true))) {
                List<Integer> squares = pool.map((Integer x) -> x * x, range(100));
                System.out.println("sum " + squares.stream().mapToInt(Integer::intValue).sum());
            }
        }
    }

    /**
     * {@code progressBar(true)}: a {@code map} draws its bar on stderr, and leaves the final line:
     * a full bar, 100/100, 100%, a rate and no time left, ended with a newline. In a program of its
     * own, since the bar goes to the real stderr.
     */
    @Test
    void mapWithProgressBarDrawsTheFinalLineOnStderr() throws Exception {
        JavaProgram.Result run = JavaProgram.run(WAIT, MapWithProgressBar.class);
        assertEquals(0, run.exitCode(), run.describe());
        assertEquals(List.of("sum 328350"), run.stdoutLines(), run.describe());
        Pattern finalLine = Pattern.compile("\\r\\[#{28}]  100/100  100%  \\S+ items/s  ETA 0:00 *\\R");
        assertTrue(finalLine.matcher(run.stderr()).find(), "no final progress bar line on stderr:\n" + run.describe());
    }

    // ------------------------------------------------------------------ replies batched by a worker

    /** Sleeps {@code millis} in the worker and returns it. */
    private static int sleepMillis(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return millis;
    }

    /** 200 instant items, one of {@code slowMillis}, 20 instant ones. */
    private static List<Integer> quickSlowQuick(int slowMillis) {
        List<Integer> items = new ArrayList<>(Collections.nCopies(200, 0));
        items.add(slowMillis);
        items.addAll(Collections.nCopies(20, 0));
        return items;
    }

    /**
     * A worker that has shown it runs chunks fast is sent the next ones ahead and batches its
     * replies while more work is there; a reply must still not wait while a long chunk runs after
     * it (it did, for the length of that chunk): the quick results come long before the slow one.
     */
    @Test
    void quickResultsAreNotHeldBackWhileASlowChunkRunsAfterThem() throws Exception {
        Pool pool = new Pool(1);
        try {
            pool.mapAsync(PoolRobustnessTest::sleepMillis, Collections.nCopies(300, 0), 1, null, null).get(WAIT);
            Iterator<Integer> it = pool.imap(PoolRobustnessTest::sleepMillis, quickSlowQuick(5_000));
            long start = System.nanoTime();
            assertTimeoutPreemptively(WAIT, () -> {
                for (int i = 0; i < 200; i++) {
                    assertEquals(0, it.next());
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertTrue(millis < 2_500, "quick result " + i + " came after " + millis + " ms, held behind the slow one");
                }
                while (it.hasNext()) it.next();
            });
        } finally {
            terminate(pool);
        }
    }

    /**
     * With a task timeout, only the item that overran fails: a quick item whose reply was batched
     * must not be blamed (and the items behind it must not run twice).
     */
    @Test
    void aTimeoutBlamesOnlyTheChunkThatOverran() throws Exception {
        Pool pool = new Pool(PoolOptions.defaults().processes(1).taskTimeout(Duration.ofSeconds(2)));
        try {
            pool.mapAsync(PoolRobustnessTest::sleepMillis, Collections.nCopies(300, 0), 1, null, null).get(WAIT);
            Iterator<Integer> it = pool.imap(PoolRobustnessTest::sleepMillis, quickSlowQuick(30_000));
            List<String> timeouts = new ArrayList<>();
            assertTimeoutPreemptively(WAIT, () -> {
                for (int i = 0; i < 221; i++) {
                    try {
                        it.next();
                    } catch (TaskTimeoutException e) {
                        timeouts.add("item " + i);
                    }
                }
            });
            assertEquals(List.of("item 200"), timeouts);
        } finally {
            terminate(pool);
        }
    }

    /**
     * A {@code mapAsync} that throws (an item further on cannot be serialized) hands the caller the
     * exception and drops the job: the chunks already submitted never call its callbacks.
     */
    @Test
    void aMapAsyncThatThrewNeverCallsItsCallbacks() throws Exception {
        Pool pool = new Pool(1);
        try {
            AtomicReference<Object> called = new AtomicReference<>();
            List<Object> items = new ArrayList<>(List.of(0, 1));
            items.add(new Object());                      // not serializable: the third chunk
            assertThrows(SerializationException.class, () -> pool.mapAsync((Object x) -> {
                if (x.equals(0)) throw new IllegalStateException("boom");
                return x;
            }, items, 1, called::set, called::set));
            assertEquals(List.of(1, 4), pool.mapAsync((Integer x) -> x * x, List.of(1, 2), 1, null, null).get(WAIT));
            assertNull(called.get(), "a callback ran for a call that threw: " + called.get());
        } finally {
            terminate(pool);
        }
    }
}
