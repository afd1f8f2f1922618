package org.multiprocessing4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * ProcessPoolExecutor: the ProcessPoolExecutor cases of CPython's test_concurrent_futures, in
 * ExecutorService form: submit and constructor checks, a task's exception with its remote
 * traceback, invokeAll and invokeAny (with and without timeouts), a worker that dies mid-task
 * (which, unlike CPython, does not break the executor), maxTasksPerChild, shutdown, shutdownNow
 * and close, a failing initializer (which does break it), Runnables that are or are not
 * serializable, cancelling queued and running tasks, CompletableFuture composition standing in for
 * {@code wait()} and {@code as_completed()}, and arguments or results that cannot travel.
 *
 * <p>Tasks that must stay running while the test looks at them wait for a "gate" file that the
 * test creates ({@link #gated}); every gate is opened in a {@code finally}, so a failing test never
 * leaves a worker of the shared executor busy.
 */
@Timeout(120)
class ProcessPoolExecutorTest {

    private static final long LONG_SECONDS = 30;
    /** A gated task gives up after this, so a forgotten gate cannot hold a worker for ever. */
    private static final long GATE_GIVE_UP_MILLIS = 60_000;

    @TempDir
    static Path dir;

    /** Two workers for the cases that leave the executor as they found it. */
    private static ProcessPoolExecutor shared;
    /** JVMs below this one before the class ran (another class may have left some): not ours to check. */
    private static Set<ProcessHandle> jvmsBefore;

    @BeforeAll
    static void startSharedExecutor() {
        jvmsBefore = new HashSet<>(JavaProgram.jvmsBelow(ProcessHandle.current()));
        shared = new ProcessPoolExecutor(2);
    }

    @AfterAll
    static void stopSharedExecutorAndCheckNoWorkerIsLeft() throws Exception {
        try {
            shared.shutdown();
            assertTrue(shared.awaitTermination(LONG_SECONDS, SECONDS), "the shared executor did not terminate");
        } finally {
            shutdownNowAndWait(shared);
        }
        List<ProcessHandle> left = new ArrayList<>(JavaProgram.jvmsBelow(ProcessHandle.current()));
        left.removeAll(jvmsBefore);
        assertEquals(List.of(), left.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList(),
                "worker JVMs left after the class");
    }

    // ------------------------------------------------------------------ helpers (static: no capture of this)

    private static <T> T result(Future<T> future) throws Exception {
        return future.get(LONG_SECONDS, SECONDS);
    }

    /** The cause of the ExecutionException the future's get() throws. */
    private static Throwable failure(Future<?> future) {
        return assertThrows(ExecutionException.class, () -> future.get(LONG_SECONDS, SECONDS)).getCause();
    }

    /** Stops an executor of a test's own, whatever state the test left it in. */
    private static void shutdownNowAndWait(ProcessPoolExecutor executor) throws InterruptedException {
        if (executor == null) return;
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(LONG_SECONDS, SECONDS), executor + " did not terminate");
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int divide(int a, int b) {
        return a / b;
    }

    private static Integer failWith(String message) {
        throw new IllegalStateException(message);
    }

    private static Integer failChecked(String message) throws IOException {
        throw new IOException(message);
    }

    private static Integer halt(int status) {
        Runtime.getRuntime().halt(status);
        return -1;
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    private static int sleepThen(long millis, int value) throws InterruptedException {
        Thread.sleep(millis);
        return value;
    }

    /** Creates the file at {@code path} (in whichever process runs it). */
    private static void touch(String path) {
        try {
            Files.createFile(Path.of(path));
        } catch (FileAlreadyExistsException e) {
            // already there
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int touchThen(String path, int value) {
        touch(path);
        return value;
    }

    /**
     * In a worker: announces it started (creates {@code started}, if given), waits until the test
     * creates {@code gate} (at most {@link #GATE_GIVE_UP_MILLIS}), then returns {@code value}.
     */
    private static <T> T gated(String started, String gate, T value) throws InterruptedException {
        if (started != null) touch(started);
        long deadline = System.nanoTime() + GATE_GIVE_UP_MILLIS * 1_000_000;
        while (!Files.exists(Path.of(gate))) {
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("gate " + gate + " never opened");
            Thread.sleep(10);
        }
        return value;
    }

    /** A fresh path in the temporary directory, as a String (Path does not travel). */
    private static String file(String name) {
        Path p = dir.resolve(name);
        assertFalse(Files.exists(p), p + " exists already");
        return p.toString();
    }

    /** Waits (in the test JVM) for a file a worker creates. */
    private static void awaitFile(String path) throws InterruptedException {
        long start = System.nanoTime();
        while (!Files.exists(Path.of(path))) {
            if (millisSince(start) > LONG_SECONDS * 1000) fail(path + " was not created");
            Thread.sleep(10);
        }
    }

    /** A copy of {@code data} whose first byte is {@code mark}, after {@code millis}. */
    private static byte[] markedCopy(byte[] data, int mark, long millis) throws InterruptedException {
        Thread.sleep(millis);
        byte[] copy = data.clone();
        copy[0] = (byte) mark;
        return copy;
    }

    private static Runnable anonymousRunnable() {
        return new Runnable() {
            @Override
            public void run() {
            }
        };
    }

    /** Not serializable: capturing it, or returning it, must fail with a message naming it. */
    static final class Unserializable {
        int value = 42;
    }

    // ------------------------------------------------------------------ submit, constructor

    @Test
    void submitRunsTasksWithTheirCapturedArgumentsAndTheConstructorChecksMaxWorkers() throws Exception {
        assertEquals(2, shared.maxWorkers());
        CompletableFuture<Double> pow = shared.submit(() -> Math.pow(2, 8));
        int a = 6;
        int b = 7;
        String label = "product";
        CompletableFuture<String> mul = shared.submit(() -> label + "=" + a * b);
        CompletableFuture<Long> where = shared.submit(ProcessPoolExecutorTest::pid);
        assertEquals(256.0, result(pow));
        assertEquals("product=42", result(mul));
        assertTrue(shared.workerPids().contains(result(where)), "the task did not run in a worker");
        assertNotEquals(pid(), result(where));

        assertThrows(NullPointerException.class, () -> shared.submit((SerializableCallable<Integer>) null));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new ProcessPoolExecutor(0));
        assertTrue(zero.getMessage().contains("0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProcessPoolExecutor(-1));
        assertThrows(IllegalArgumentException.class, () -> PoolOptions.defaults().maxTasksPerChild(0));
    }

    // ------------------------------------------------------------------ exceptions

    @Test
    void aTaskExceptionComesBackAsTheCauseWithTheWorkersTraceback() throws Exception {
        Throwable cause = failure(shared.submit(() -> failWith("bad input 17")));
        assertInstanceOf(IllegalStateException.class, cause);
        assertEquals("bad input 17", cause.getMessage());
        RemoteTraceback traceback = assertInstanceOf(RemoteTraceback.class, cause.getCause());
        assertTrue(traceback.getMessage().contains("PoolWorker"), traceback.getMessage());
        assertTrue(Arrays.stream(traceback.getStackTrace()).anyMatch(e -> e.getMethodName().equals("failWith")),
                "the remote frames do not show where it was thrown: " + Arrays.toString(traceback.getStackTrace()));

        Throwable checked = failure(shared.submit(() -> failChecked("disk on fire")));
        assertInstanceOf(IOException.class, checked);
        assertEquals("disk on fire", checked.getMessage());
        assertInstanceOf(RemoteTraceback.class, checked.getCause());

        // The executor goes on.
        assertEquals(5, result(shared.submit(() -> 5)));
    }

    @Test
    void divisionByZeroFailsOnlyItsOwnTaskOfAnInvokeAll() throws Exception {
        List<SerializableCallable<Integer>> tasks = new ArrayList<>();
        for (int d : List.of(4, 5, 0, 1)) tasks.add(() -> divide(20, d));
        List<Future<Integer>> futures = shared.invokeAll(tasks);
        assertEquals(4, futures.size());
        assertEquals(5, result(futures.get(0)));
        assertEquals(4, result(futures.get(1)));
        Throwable cause = failure(futures.get(2));
        assertInstanceOf(ArithmeticException.class, cause);
        assertEquals("/ by zero", cause.getMessage());
        assertInstanceOf(RemoteTraceback.class, cause.getCause());
        assertEquals(20, result(futures.get(3)));
    }

    // ------------------------------------------------------------------ invokeAll, invokeAny

    @Test
    void invokeAllWaitsForEveryTaskAndKeepsTheOrder() throws Exception {
        List<SerializableCallable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            tasks.add(() -> sleepThen((5 - n) * 40L, n * n));      // the later, the sooner done
        }
        List<Future<Integer>> futures = shared.invokeAll(tasks);
        List<Integer> results = new ArrayList<>();
        for (Future<Integer> f : futures) {
            assertTrue(f.isDone(), "invokeAll returned before a task was done");
            results.add(f.resultNow());
        }
        assertEquals(List.of(0, 1, 4, 9, 16, 25), results);
        assertEquals(List.of(), shared.invokeAll(List.<SerializableCallable<Integer>>of()));
    }

    @Test
    void invokeAllWithATimeoutReturnsAtTheTimeoutWithTheSlowTasksUnfinished() throws Exception {
        String gate = file("invokeAll-gate");
        try {
            // Two workers: 1 and 3 complete, the gated 2 and 4 then hold both workers, 5 never starts.
            List<SerializableCallable<Integer>> tasks = List.of(
                    () -> 1, () -> gated(null, gate, 2), () -> 3, () -> gated(null, gate, 4), () -> 5);
            long start = System.nanoTime();
            List<Future<Integer>> futures = shared.invokeAll(tasks, 3, SECONDS);
            long took = millisSince(start);
            assertTrue(took >= 2_900, "returned after " + took + " ms, before the timeout, with tasks unfinished");
            assertTrue(took < 20_000, "returned only after " + took + " ms");

            assertEquals(1, futures.get(0).resultNow());
            assertEquals(3, futures.get(2).resultNow());
            // A task a worker runs cannot be cancelled (as in CPython): it is left running, not done.
            for (int i : List.of(1, 3)) {
                Future<Integer> slow = futures.get(i);
                assertTrue(slow.isCancelled() || !slow.isDone(), "slow task " + i + " is " + slow.state());
            }
            assertTrue(futures.get(4).isCancelled(), "the task that never started was not cancelled");
            assertThrows(CancellationException.class, () -> futures.get(4).get(LONG_SECONDS, SECONDS));

            touch(gate);
            for (int i : List.of(1, 3)) {
                if (!futures.get(i).isCancelled()) assertEquals(i + 1, result(futures.get(i)));
            }
        } finally {
            touch(gate);
        }
    }

    @Test
    void invokeAnyReturnsASuccessfulResultAndFailsOnlyWhenAllFail() throws Exception {
        List<SerializableCallable<Integer>> someFail = List.of(
                () -> failWith("first"), () -> failWith("second"), () -> sleepThen(200, 42), () -> failWith("fourth"));
        assertEquals(42, shared.invokeAny(someFail));
        assertEquals(42, shared.invokeAny(someFail, LONG_SECONDS, SECONDS));

        List<SerializableCallable<Integer>> allFail = List.of(
                () -> failWith("one"), () -> divide(1, 0), () -> failWith("three"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> shared.invokeAny(allFail, LONG_SECONDS, SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException || e.getCause() instanceof ArithmeticException,
                "cause " + e.getCause());
        assertThrows(IllegalArgumentException.class, () -> shared.invokeAny(List.<SerializableCallable<Integer>>of()));

        String gate = file("invokeAny-gate");
        try {
            List<SerializableCallable<Integer>> slow = List.of(() -> gated(null, gate, 1), () -> gated(null, gate, 2));
            assertThrows(TimeoutException.class, () -> shared.invokeAny(slow, 500, MILLISECONDS));
        } finally {
            touch(gate);
        }
    }

    // ------------------------------------------------------------------ a worker dies

    @Test
    void aWorkerThatDiesFailsOnlyItsTaskAndTheExecutorGoesOn() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        try {
            long firstWorker = executor.workerPids().get(0);
            // The first task keeps the worker busy while the others queue up; when it ends, the worker
            // is given the dying task and (sent ahead) the next one, which must not be lost with it.
            CompletableFuture<Long> before = executor.submit(() -> sleepThen(300, 0) + pid());
            CompletableFuture<Integer> dying = executor.submit(() -> halt(99));
            List<CompletableFuture<Long>> behind = new ArrayList<>();
            for (int i = 0; i < 3; i++) behind.add(executor.submit(ProcessPoolExecutorTest::pid));

            assertEquals(firstWorker, result(before));
            Throwable cause = failure(dying);
            WorkerLostException lost = assertInstanceOf(WorkerLostException.class, cause);
            assertTrue(lost.getMessage().contains("terminated abruptly with exit code 99"), lost.getMessage());
            assertTrue(lost.getMessage().contains(String.valueOf(firstWorker)), lost.getMessage());
            assertEquals(OptionalInt.of(99), lost.exitCode());

            // Deliberately unlike CPython, where the whole executor would now be broken (every pending
            // future and later submit raising BrokenProcessPool): only the dead worker's task fails,
            // the worker is replaced and the rest go on. See ProcessPoolExecutor's class Javadoc.
            for (CompletableFuture<Long> f : behind) {
                assertNotEquals(firstWorker, result(f), "a task ran in the worker that died before it");
            }
            long replacement = result(executor.submit(ProcessPoolExecutorTest::pid));
            assertNotEquals(firstWorker, replacement);
            assertEquals(List.of(replacement), executor.workerPids());
            assertFalse(alive(firstWorker), "the dead worker is still alive");
            assertFalse(executor.isShutdown());
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    @Test
    void largeTasksWithLargeResultsQueuedBehindABusyWorkerAllComplete() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        try {
            byte[] data = new byte[3 << 20];       // more than a pipe's ring holds, going and coming back
            List<CompletableFuture<byte[]>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                futures.add(executor.submit(() -> markedCopy(data, n, 200)));
            }
            for (int i = 0; i < 4; i++) {
                byte[] copy = result(futures.get(i));
                assertEquals(data.length, copy.length);
                assertEquals(i, copy[0]);
            }
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    // ------------------------------------------------------------------ maxTasksPerChild

    @Test
    void maxTasksPerChildReplacesTheWorkerAfterThreeTasks() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(PoolOptions.defaults().processes(1).maxTasksPerChild(3));
        try {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 4; i++) futures.add(executor.submit(ProcessPoolExecutorTest::pid));
            List<Long> pids = new ArrayList<>();
            for (CompletableFuture<Long> f : futures) pids.add(result(f));
            assertEquals(pids.get(0), pids.get(1), "tasks 1 and 2 ran in different workers: " + pids);
            assertEquals(pids.get(0), pids.get(2), "tasks 1 and 3 ran in different workers: " + pids);
            assertNotEquals(pids.get(0), pids.get(3), "task 4 ran in the retired worker: " + pids);
            assertFalse(pids.contains(pid()));
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    // ------------------------------------------------------------------ shutdown, shutdownNow, close

    @Test
    void shutdownRefusesNewTasksAndFinishesTheSubmittedOnes() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        try {
            CompletableFuture<Integer> running = executor.submit(() -> sleepThen(300, 1));
            CompletableFuture<Integer> queued = executor.submit(() -> 2);
            List<Long> workers = executor.workerPids();
            executor.shutdown();
            assertTrue(executor.isShutdown());

            RejectedExecutionException refused = assertThrows(RejectedExecutionException.class, () -> executor.submit(() -> 3));
            assertFalse(refused instanceof BrokenProcessPoolException, "a shut-down executor is not broken");
            assertThrows(RejectedExecutionException.class,
                    () -> executor.execute((Runnable & Serializable) () -> { }));
            assertThrows(RejectedExecutionException.class,
                    () -> executor.invokeAll(List.<SerializableCallable<Integer>>of(() -> 4)));

            assertEquals(1, result(running));
            assertEquals(2, result(queued));
            assertTrue(executor.awaitTermination(LONG_SECONDS, SECONDS));
            assertTrue(executor.isTerminated());
            assertEquals(List.of(), executor.workerPids());
            for (long w : workers) assertFalse(alive(w), "worker " + w + " still alive");
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    @Test
    void shutdownNowCancelsTheTasksNotStartedAndKillsTheWorkers() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(2);
        try {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                futures.add(executor.submit(() -> sleepThen(100, n)));
            }
            assertEquals(0, result(futures.get(0)));     // the workers are under way
            List<Long> workers = executor.workerPids();

            List<Runnable> neverStarted = executor.shutdownNow();
            assertTrue(executor.isShutdown());

            long start = System.nanoTime();
            while (!futures.stream().allMatch(Future::isDone)) {
                assertTrue(millisSince(start) < 10_000, "futures still not done 10 s after shutdownNow");
                Thread.sleep(10);
            }
            int cancelled = 0;
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<Integer> f = futures.get(i);
                if (f.isCancelled()) {
                    cancelled++;
                    assertThrows(CancellationException.class, () -> f.get(LONG_SECONDS, SECONDS));
                } else {
                    assertEquals(i, f.resultNow(), "task " + i + " neither completed nor was cancelled");
                }
            }
            assertTrue(cancelled > 20, "only " + cancelled + " of 50 cancelled");
            assertTrue(futures.get(49).isCancelled(), "the last task was not cancelled");
            // Cancelled are those never started (returned) and those the killed workers were running or
            // held for next (at most two each, see PoolEngine's dispatch).
            assertTrue(neverStarted.size() <= cancelled && cancelled - neverStarted.size() <= 2 * workers.size(),
                    neverStarted.size() + " returned as never started, " + cancelled + " cancelled");
            neverStarted.get(0).run();                  // runnable here: sleeps 100 ms and returns

            assertTrue(executor.awaitTermination(LONG_SECONDS, SECONDS));
            assertTrue(executor.isTerminated());
            for (long w : workers) assertFalse(alive(w), "worker " + w + " still alive");
            assertThrows(RejectedExecutionException.class, () -> executor.submit(() -> 1));
            assertEquals(List.of(), executor.shutdownNow(), "a second shutdownNow has nothing left to return");
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    @Test
    void closeInTryWithResourcesWaitsForEveryTask() throws Exception {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        ProcessPoolExecutor executor = new ProcessPoolExecutor(2);
        List<Long> workers = executor.workerPids();
        try {
            try (executor) {
                for (int x = -5; x < 5; x++) {
                    int n = x;
                    futures.add(executor.submit(() -> Math.abs(n)));
                }
            }
            List<Integer> results = new ArrayList<>();
            for (CompletableFuture<Integer> f : futures) {
                assertTrue(f.isDone(), "close() returned before a task was done");
                results.add(f.resultNow());
            }
            assertEquals(List.of(5, 4, 3, 2, 1, 0, 1, 2, 3, 4), results);
            assertTrue(executor.isTerminated());
            for (long w : workers) assertFalse(alive(w), "worker " + w + " still alive");
            assertThrows(RejectedExecutionException.class, () -> executor.submit(() -> 1));
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    // ------------------------------------------------------------------ a failing initializer

    @Test
    void aFailingInitializerBreaksTheExecutor() throws Exception {
        // The initializer waits a little first, so that both submissions below precede the break.
        ProcessPoolExecutor executor = new ProcessPoolExecutor(PoolOptions.defaults().processes(1).initializer(() -> {
            Thread.sleep(1_000);
            throw new IllegalStateException("boom");
        }));
        try {
            CompletableFuture<Integer> first = executor.submit(() -> 1);
            CompletableFuture<Integer> second = executor.submit(() -> 2);

            BrokenProcessPoolException broken1 = assertInstanceOf(BrokenProcessPoolException.class, failure(first));
            BrokenProcessPoolException broken2 = assertInstanceOf(BrokenProcessPoolException.class, failure(second));
            assertNotSame(broken1, broken2, "two futures share one exception instance");
            for (BrokenProcessPoolException b : List.of(broken1, broken2)) {
                assertTrue(b.getMessage().contains("boom"), b.getMessage());
                IllegalStateException initError = assertInstanceOf(IllegalStateException.class, b.getCause());
                assertEquals("boom", initError.getMessage());
            }

            BrokenProcessPoolException later = assertThrows(BrokenProcessPoolException.class, () -> executor.submit(() -> 3));
            assertInstanceOf(IllegalStateException.class, later.getCause());
            assertThrows(BrokenProcessPoolException.class, () -> executor.execute((Runnable & Serializable) () -> { }));
        } finally {
            shutdownNowAndWait(executor);
        }
    }

    // ------------------------------------------------------------------ Runnables, execute

    @Test
    void runnablesMustBeSerializableToTravel() throws Exception {
        Runnable plain = () -> { };
        SerializationException e = assertThrows(SerializationException.class, () -> shared.submit(plain));
        assertTrue(e.getMessage().contains(plain.getClass().getName()), e.getMessage());

        Runnable anonymous = anonymousRunnable();
        e = assertThrows(SerializationException.class, () -> shared.submit(anonymous, "result"));
        assertTrue(e.getMessage().contains(anonymous.getClass().getName()), e.getMessage());
        e = assertThrows(SerializationException.class, () -> shared.execute(anonymous));
        assertTrue(e.getMessage().contains(anonymous.getClass().getName()), e.getMessage());

        Callable<Integer> plainCallable = () -> 1;
        e = assertThrows(SerializationException.class, () -> shared.submit(plainCallable));
        assertTrue(e.getMessage().contains(plainCallable.getClass().getName()), e.getMessage());

        String ran = file("submitted-runnable-ran");
        Runnable travelling = (Runnable & Serializable) () -> touch(ran);
        assertNull(result(shared.submit(travelling)));
        assertTrue(Files.exists(Path.of(ran)), "the runnable did not run");

        String ranToo = file("submitted-runnable-with-result-ran");
        assertEquals("done", result(shared.submit((Runnable & Serializable) () -> touch(ranToo), "done")));
        assertTrue(Files.exists(Path.of(ranToo)), "the runnable did not run");

        Callable<Integer> serializableCallable = (Callable<Integer> & Serializable) () -> 7;
        assertEquals(7, result(shared.submit(serializableCallable)));

        String executed = file("executed-runnable-ran");
        shared.execute((Runnable & Serializable) () -> touch(executed));
        awaitFile(executed);
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void cancelRemovesAQueuedTaskButNotARunningOne() throws Exception {
        ProcessPoolExecutor executor = new ProcessPoolExecutor(1);
        String started = file("cancel-started");
        String gate = file("cancel-gate");
        String marker = file("cancelled-task-ran");
        try {
            CompletableFuture<Integer> running = executor.submit(() -> gated(started, gate, 1));
            awaitFile(started);
            CompletableFuture<Integer> queued = executor.submit(() -> touchThen(marker, 2));

            assertTrue(queued.cancel(false), "a queued task could not be cancelled");
            assertTrue(queued.isCancelled());
            assertTrue(queued.isDone());
            assertThrows(CancellationException.class, () -> queued.get(LONG_SECONDS, SECONDS));

            assertFalse(running.cancel(false), "a running task was cancelled");
            assertFalse(running.cancel(true), "a running task was cancelled");
            assertFalse(running.isCancelled());
            assertFalse(running.isDone());

            touch(gate);
            assertEquals(1, result(running));
            // Submitted after the cancelled one: had that one stayed queued, it would have run first.
            assertEquals(3, result(executor.submit(() -> 3)));
            assertFalse(Files.exists(Path.of(marker)), "the cancelled task ran");
        } finally {
            touch(gate);
            shutdownNowAndWait(executor);
        }
    }

    // ------------------------------------------------------------------ CompletableFuture: composition, wait, as_completed

    @Test
    void futuresComposeAsCompletableFutures() throws Exception {
        assertEquals(42, shared.submit(() -> 21).thenApply(x -> x * 2).get(LONG_SECONDS, SECONDS));
        assertEquals(42, shared.submit(() -> 6).thenCombine(shared.submit(() -> 7), (x, y) -> x * y)
                .get(LONG_SECONDS, SECONDS));
        assertEquals("6 and 7", shared.submit(() -> 6).thenCompose(x -> shared.submit(() -> x + " and 7"))
                .get(LONG_SECONDS, SECONDS));

        CompletableFuture<Integer> dependent = shared.submit(() -> failWith("upstream")).thenApply(x -> x + 1);
        Throwable cause = failure(dependent);
        assertInstanceOf(IllegalStateException.class, cause);
        assertEquals("upstream", cause.getMessage());
        assertEquals(-1, shared.submit(() -> failWith("recovered")).exceptionally(x -> -1).get(LONG_SECONDS, SECONDS));
    }

    @Test
    void anyOfAndAllOfSplitFuturesLikeWait() throws Exception {
        String gate = file("wait-gate");
        try {
            // FIRST_COMPLETED: the quick one, while the gated one is not done.
            CompletableFuture<String> slow = shared.submit(() -> gated(null, gate, "slow"));
            CompletableFuture<String> quick = shared.submit(() -> "quick");
            assertEquals("quick", CompletableFuture.anyOf(slow, quick).get(LONG_SECONDS, SECONDS));
            assertFalse(slow.isDone());

            // FIRST_EXCEPTION: completes as soon as one fails, though another is unfinished.
            CompletableFuture<String> failing = shared.submit(() -> String.valueOf(failWith("first exception")));
            CompletableFuture<Void> firstException = new CompletableFuture<>();
            for (CompletableFuture<String> f : List.of(slow, quick, failing)) {
                f.whenComplete((v, error) -> {
                    if (error != null) firstException.completeExceptionally(error);
                });
            }
            CompletableFuture.allOf(slow, quick, failing).whenComplete((v, error) -> firstException.complete(null));
            Throwable cause = failure(firstException);
            assertInstanceOf(IllegalStateException.class, cause);
            assertEquals("first exception", cause.getMessage());
            assertFalse(slow.isDone());

            // ALL_COMPLETED: done = all three, not done = none.
            touch(gate);
            CompletableFuture.allOf(slow, quick, failing).handle((v, error) -> null).get(LONG_SECONDS, SECONDS);
            assertTrue(slow.isDone() && quick.isDone() && failing.isDone());
            assertEquals("slow", slow.resultNow());
            assertEquals("quick", quick.resultNow());
            assertTrue(failing.isCompletedExceptionally());
        } finally {
            touch(gate);
        }
    }

    @Test
    void allOfTimesOutWithTwoOfFourFuturesUnfinished() throws Exception {
        String gate = file("as-completed-gate");
        try {
            List<CompletableFuture<Integer>> futures = List.of(
                    shared.submit(() -> 1), shared.submit(() -> 2),
                    shared.submit(() -> gated(null, gate, 3)), shared.submit(() -> gated(null, gate, 4)));
            assertEquals(1, result(futures.get(0)));
            assertEquals(2, result(futures.get(1)));
            CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
            assertThrows(TimeoutException.class, () -> all.get(300, MILLISECONDS));
            assertEquals(2, futures.stream().filter(f -> !f.isDone()).count(), "not 2 (of 4) futures unfinished");
            touch(gate);
            all.get(LONG_SECONDS, SECONDS);
            assertEquals(List.of(1, 2, 3, 4), futures.stream().map(CompletableFuture::resultNow).toList());
        } finally {
            touch(gate);
        }
    }

    // ------------------------------------------------------------------ what cannot travel

    @Test
    void anUnserializableArgumentFailsTheSubmitAndAnUnserializableResultFailsTheFuture() throws Exception {
        Unserializable captured = new Unserializable();
        SerializationException atSubmit = assertThrows(SerializationException.class, () -> shared.submit(() -> captured.value));
        assertTrue(atSubmit.getMessage().contains(Unserializable.class.getName()), atSubmit.getMessage());
        assertEquals(1, result(shared.submit(() -> 1)));

        Throwable cause = failure(shared.submit(Unserializable::new));
        SerializationException ofResult = assertInstanceOf(SerializationException.class, cause);
        assertTrue(ofResult.getMessage().contains(Unserializable.class.getName()), ofResult.getMessage());
        assertEquals(2, result(shared.submit(() -> 2)));
        assertEquals(2, shared.workerPids().size());
    }
}
