package org.multiprocessing4j;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.multiprocessing4j.pool.Chunk;
import org.multiprocessing4j.pool.ChunkSink;
import org.multiprocessing4j.pool.FunctionRef;
import org.multiprocessing4j.pool.PoolEngine;
import org.multiprocessing4j.pool.ProcessSite;
import org.multiprocessing4j.pool.ProgressBar;
import org.multiprocessing4j.pool.TaskFunction;
import org.multiprocessing4j.pool.WorkerLoop;
import org.multiprocessing4j.pool.WorkerSite;

/**
 * A pool of worker processes that runs functions over data in parallel: CPython's
 * {@code multiprocessing.Pool}, that never hangs.
 *
 * <pre>{@code
 * try (var pool = new Pool(4)) {
 *     List<Integer> doubled = pool.map(x -> x * 2, List.of(1, 2, 3, 4, 5));   // [2, 4, 6, 8, 10]
 *     AsyncResult<Integer> r = pool.applyAsync(() -> 7 * 7);                  // r.get() == 49
 *     for (Iterator<Integer> it = pool.imapUnordered(x -> x * x, inputs); it.hasNext(); ) use(it.next());
 * }
 * }</pre>
 *
 * <p><b>Functions and arguments</b> travel to the workers serialized: the function types are this
 * library's {@code Serializable*} interfaces, so a lambda is compiled serializable; what it
 * captures, the arguments and the results must be serializable. An argument (or a captured
 * value) that is not fails the call in the caller with a {@link SerializationException} naming
 * the class (chunks of a {@code map} made before it may already run; their results are dropped). A result that is not fails that task with a
 * {@code SerializationException}; the worker goes on.
 *
 * <p><b>Chunks.</b> {@code map} and its kin cut the input into chunks (by default about four per
 * worker, as CPython does; {@code imap}'s default is 1), and each chunk is one task for a worker:
 * it fails, times out or counts towards {@code maxTasksPerChild} as a whole.
 *
 * <p><b>Exceptions.</b> A task's exception is re-thrown by {@code map}, {@code apply},
 * {@link AsyncResult#get()} and the {@code imap} iterators as the same type, with the caller's
 * stack trace and the worker's attached as a {@link RemoteTraceback} cause; a checked exception is
 * wrapped in a {@link java.util.concurrent.CompletionException}. {@code map} fails with the first
 * chunk that fails.
 *
 * <p><b>Beyond CPython.</b> A worker that dies mid-task (a crash in native code, {@code halt},
 * {@code System.exit}, {@code kill -9}) fails that task with {@link WorkerLostException}, naming its
 * exit code, within a fraction of a second, and is replaced: the pool goes on (CPython's hangs for
 * ever, cpython#96062). With {@link PoolOptions#taskTimeout} a task that overruns is failed with
 * {@link TaskTimeoutException} and its worker killed and replaced. Workers keep state across tasks
 * ({@link PoolOptions#workerState}, {@link #workerState()}), may have their own JVM options, and
 * report what they did ({@link #workerStats()}); {@code map} and {@code imap} can draw a progress
 * bar.
 *
 * <p><b>Lifecycle.</b> {@link #close()} refuses new work, waits for what was submitted to finish
 * and for the workers to exit: a try-with-resources block never leaves a worker behind nor drops a
 * result (CPython's {@code with} terminates instead). {@link #terminate()} stops at once: what was
 * unfinished fails with {@link java.util.concurrent.CancellationException}. A closed or terminated
 * pool refuses work with {@link IllegalStateException}; a broken one (its initializer failed) with
 * {@link BrokenProcessPoolException}. Workers are daemonic processes.
 *
 * <p><b>Threads.</b> Thread-safe: any thread may submit. Results are gathered by one pool thread
 * per worker; callbacks run there and must be short.
 */
public class Pool implements AutoCloseable {

    private final PoolEngine engine;

    /** A pool of {@link Multiprocessing#cpuCount()} workers. */
    public Pool() {
        this(PoolOptions.defaults());
    }

    /**
     * A pool of {@code processes} workers.
     *
     * @throws IllegalArgumentException if {@code processes} is less than 1
     * @throws ProcessException         if a worker cannot be started (those started are stopped)
     */
    public Pool(int processes) {
        this(PoolOptions.defaults().processes(processes));
    }

    /**
     * A pool made as {@code options} say.
     *
     * @throws SerializationException if the initializer or the worker state factory cannot be serialized
     * @throws ProcessException       if a worker cannot be started (those started are stopped)
     */
    public Pool(PoolOptions options) {
        this(options, ProcessSite.INSTANCE);
    }

    /** A pool whose workers run on {@code site} (a cluster's members); see {@link org.multiprocessing4j.spi.Backends}. */
    Pool(PoolOptions options, WorkerSite site) {
        this.engine = new PoolEngine(Objects.requireNonNull(options, "options"), site, IllegalStateException::new);
    }

    /**
     * In a task run by a pool worker: the worker state that {@link PoolOptions#workerState} made
     * in this worker, or null if none.
     *
     * @param <S> the state's type, as the caller expects it
     * @throws IllegalStateException if not called in a pool worker
     */
    @SuppressWarnings("unchecked")
    public static <S> S workerState() {
        return (S) WorkerLoop.state();
    }

    // ---- apply ----

    /** Runs {@code task} in a worker and returns its result; see the class comment for exceptions. */
    public <R> R apply(SerializableCallable<? extends R> task) throws InterruptedException {
        return this.<R>applyAsync(task).get();
    }

    /** Runs {@code function.apply(argument)} in a worker and returns its result. */
    public <T, R> R apply(SerializableFunction<? super T, ? extends R> function, T argument) throws InterruptedException {
        return this.<T, R>applyAsync(function, argument).get();
    }

    /** Submits {@code task}; its result, when ready, is in the returned {@link AsyncResult}. */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> task) {
        return applyAsync(task, null, null);
    }

    /**
     * Submits {@code task}; when it is done, {@code callback} gets the result or
     * {@code errorCallback} the exception (either may be null), in a pool thread.
     */
    public <R> AsyncResult<R> applyAsync(SerializableCallable<? extends R> task,
                                         Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return submitOne(new TaskFunction.OfCallable(Objects.requireNonNull(task, "task")), new Object[0],
                callback, errorCallback);
    }

    /** Submits {@code function.apply(argument)}. */
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument) {
        return applyAsync(function, argument, null, null);
    }

    /** Submits {@code function.apply(argument)}, with callbacks as in {@link #applyAsync(SerializableCallable, Consumer, Consumer)}. */
    public <T, R> AsyncResult<R> applyAsync(SerializableFunction<? super T, ? extends R> function, T argument,
                                            Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        return submitOne(oneArgument(function), new Object[] {argument}, callback, errorCallback);
    }

    private <R> AsyncResult<R> submitOne(TaskFunction function, Object[] arguments,
                                         Consumer<? super R> callback, Consumer<? super Throwable> errorCallback) {
        AsyncResult<R> result = new AsyncResult<>(callback, errorCallback);
        FunctionRef ref = FunctionRef.of(function);
        List<?> items = function.arity() == 1 ? Collections.singletonList(arguments[0]) : List.<Object[]>of(arguments);
        engine.submit(List.of(new Chunk(ref, function.arity(), items, new ApplySink<>(result), 0, ref.shared())));
        return result;
    }

    /** Completes an apply's result with its single item. */
    private record ApplySink<R>(AsyncResult<R> result) implements ChunkSink {
        @Override
        @SuppressWarnings("unchecked")
        public void completed(Chunk chunk, Object[] results) {
            result.complete((R) results[0]);
        }

        @Override
        public void failed(Chunk chunk, Supplier<Throwable> error) {
            result.fail(error);
        }
    }

    // ---- map ----

    /**
     * {@code function} applied to every item, in input order, in chunks of the default size;
     * waits for all. Fails with the first failing chunk's exception (see the class comment); an
     * exception thrown by {@code items}' iterator is thrown as is, before anything is submitted.
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items)
            throws InterruptedException {
        return this.<T, R>mapAsync(function, items).get();
    }

    /**
     * As {@link #map(SerializableFunction, Iterable)}, in chunks of {@code chunksize} items.
     *
     * @throws IllegalArgumentException if {@code chunksize} is less than 1
     */
    public <T, R> List<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                              int chunksize) throws InterruptedException {
        checkChunksize(chunksize, false);
        return this.<T, R>mapAsync(function, items, chunksize, null, null).get();
    }

    /** Submits a {@link #map(SerializableFunction, Iterable)}; the list, when ready, is in the result. */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                               Iterable<? extends T> items) {
        return submitMap(oneArgument(function), listOf(items), 0, null, null);
    }

    /**
     * Submits a map in chunks of {@code chunksize} (0 for the default); {@code callback} gets the
     * list, or {@code errorCallback} the first exception (either may be null), in a pool thread.
     */
    public <T, R> AsyncResult<List<R>> mapAsync(SerializableFunction<? super T, ? extends R> function,
                                               Iterable<? extends T> items, int chunksize,
                                               Consumer<? super List<R>> callback,
                                               Consumer<? super Throwable> errorCallback) {
        checkChunksize(chunksize, true);
        return submitMap(oneArgument(function), listOf(items), chunksize, callback, errorCallback);
    }

    /**
     * {@code function.apply(key, value)} for every pair, in input order: CPython's
     * {@code starmap} for two arguments. Pairs are any {@link Map.Entry}, e.g. {@code Map.entry(a, b)}
     * or a map's {@code entrySet()}.
     */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs)
            throws InterruptedException {
        return this.<A, B, R>starmapAsync(function, pairs, 0, null, null).get();
    }

    /** As {@link #starmap(SerializableBiFunction, Iterable)}, in chunks of {@code chunksize}. */
    public <A, B, R> List<R> starmap(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                     Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, int chunksize)
            throws InterruptedException {
        checkChunksize(chunksize, false);
        return this.<A, B, R>starmapAsync(function, pairs, chunksize, null, null).get();
    }

    /** Submits a {@link #starmap}; chunk size 0 for the default, callbacks as in {@code mapAsync}. */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(SerializableBiFunction<? super A, ? super B, ? extends R> function,
                                                      Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                                      int chunksize, Consumer<? super List<R>> callback,
                                                      Consumer<? super Throwable> errorCallback) {
        checkChunksize(chunksize, true);
        List<Object[]> tuples = new ArrayList<>();
        for (Map.Entry<? extends A, ? extends B> pair : pairs) tuples.add(new Object[] {pair.getKey(), pair.getValue()});
        return submitMap(twoArguments(function), tuples, chunksize, callback, errorCallback);
    }

    private static void checkChunksize(int chunksize, boolean zeroIsDefault) {
        if (chunksize < (zeroIsDefault ? 0 : 1)) throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
    }

    /** The items as a list, read in this thread (an iterator that throws fails the call here). */
    private static List<?> listOf(Iterable<?> items) {
        if (items instanceof List<?> list && items instanceof RandomAccess) return list;   // subList is O(1)
        List<Object> copy = new ArrayList<>();
        for (Object item : items) copy.add(item);
        return copy;
    }

    /** CPython's default: about four chunks per worker. */
    private int defaultChunksize(int items) {
        int perChunk = items / (4 * engine.processes());
        return items % (4 * engine.processes()) == 0 ? Math.max(1, perChunk) : perChunk + 1;
    }

    /**
     * Cuts {@code items} into chunks and submits each as soon as it is made, so workers start on
     * the first while the rest are serialized. An item that cannot be serialized fails the call;
     * chunks submitted before it run, and their results are dropped with the job.
     */
    private <R> AsyncResult<List<R>> submitMap(TaskFunction function, List<?> items, int chunksize,
                                               Consumer<? super List<R>> callback,
                                               Consumer<? super Throwable> errorCallback) {
        AsyncResult<List<R>> result = new AsyncResult<>(callback, errorCallback);
        int n = items.size();
        int size = chunksize > 0 ? chunksize : defaultChunksize(n);
        int chunkCount = (n + size - 1) / size;
        ProgressBar progress = engine.options().progressBar() && n > 0 ? new ProgressBar(n) : null;
        MapJob<R> job = new MapJob<>(result, n, size, chunkCount, progress);
        if (chunkCount == 0) return result;
        FunctionRef ref = FunctionRef.of(function);
        boolean cacheFunction = chunkCount > 1 || ref.shared();
        List<Chunk> submitted = new ArrayList<>(chunkCount);
        try {
            for (int i = 0; i < chunkCount; i++) {
                List<?> slice = items.subList(i * size, Math.min(n, (i + 1) * size));
                Chunk chunk = new Chunk(ref, function.arity(), slice, job, i, cacheFunction);
                engine.submit(List.of(chunk));
                submitted.add(chunk);
            }
        } catch (RuntimeException | Error e) {
            // The caller gets the exception: the job is dropped (no callback, no progress), and the
            // chunks no worker has taken yet are withdrawn.
            job.abandon();
            for (Chunk c : submitted) engine.cancel(c);
            throw e;
        }
        return result;
    }

    // ---- imap ----

    /**
     * {@code function} applied to every item, as a lazy iterator in input order: results can be
     * used as they come, while later ones are computed. The input is read by a pool thread as
     * fast as it yields; chunks of one item.
     */
    public <T, R> Iterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return imap(function, items, 1);
    }

    /**
     * As {@link #imap(SerializableFunction, Iterable)}, in chunks of {@code chunksize}. If the
     * input's iterator throws, the chunk it was reading fails with that exception, in its place,
     * and is the last.
     *
     * @throws IllegalArgumentException if {@code chunksize} is less than 1
     */
    public <T, R> Iterator<R> imap(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                   int chunksize) {
        return submitLazy(oneArgument(function), items, chunksize, true);
    }

    /** As {@link #imap(SerializableFunction, Iterable)}, but results come in the order they complete. */
    public <T, R> Iterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                            Iterable<? extends T> items) {
        return imapUnordered(function, items, 1);
    }

    /** As {@link #imap(SerializableFunction, Iterable, int)}, but results come in the order they complete. */
    public <T, R> Iterator<R> imapUnordered(SerializableFunction<? super T, ? extends R> function,
                                            Iterable<? extends T> items, int chunksize) {
        return submitLazy(oneArgument(function), items, chunksize, false);
    }

    private <R> Iterator<R> submitLazy(TaskFunction function, Iterable<?> items, int chunksize, boolean ordered) {
        checkChunksize(chunksize, false);
        Objects.requireNonNull(items, "items");
        FunctionRef ref = FunctionRef.of(function);
        ResultIterator<R> results = new ResultIterator<>(ordered,
                engine.options().progressBar() ? new ProgressBar(-1) : null);
        PoolEngine.Feed feed = new PoolEngine.Feed(results::aborted);
        engine.openFeed(feed);
        Thread feeder = new Thread(() -> feed(feed, ref, function.arity(), items, chunksize, results), "mp4j-pool-imap-feeder");
        feeder.setDaemon(true);
        feeder.start();
        return results;
    }

    /** Reads {@code items} into chunks and submits them, until the input ends or fails. */
    private void feed(PoolEngine.Feed feed, FunctionRef ref, int arity, Iterable<?> items, int chunksize, ResultIterator<?> results) {
        int index = 0;
        long count = 0;
        try {
            Iterator<?> input = items.iterator();
            while (true) {
                List<Object> slice = new ArrayList<>(chunksize);
                while (slice.size() < chunksize && input.hasNext()) slice.add(input.next());
                if (slice.isEmpty()) break;
                engine.submitToFeed(feed, List.of(new Chunk(ref, arity, slice, results, index)));
                index++;
                count += slice.size();
            }
            results.inputEnded(index, count);
        } catch (RuntimeException | Error e) {
            results.inputFailed(index, e);
        } finally {
            engine.closeFeed(feed);
        }
    }

    // ---- lifecycle ----

    /** The number of worker processes the pool keeps. */
    public int processes() {
        return engine.processes();
    }

    /** What each current worker has done: tasks run, time working and waiting. */
    public List<WorkerStats> workerStats() {
        return engine.workerStats();
    }

    /**
     * Refuses new work, waits until everything submitted has finished and every worker has
     * exited. Idempotent. If interrupted while waiting, terminates the pool (as
     * {@code ExecutorService.close()} does) and returns with the interrupt status set. Called from
     * a callback (a pool thread, which the wait would need), it does not wait.
     */
    @Override
    public void close() {
        engine.close();
        if (engine.inOwnThread()) return;
        try {
            engine.join(Duration.ofNanos(Long.MAX_VALUE));
        } catch (InterruptedException e) {
            engine.terminate(true);
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops at once: unfinished tasks fail with {@link java.util.concurrent.CancellationException}
     * and the workers are killed; returns once they are gone (within about two seconds).
     */
    public void terminate() {
        engine.terminate(true);
    }

    /**
     * Waits until every worker has exited; after {@link #close()} or {@link #terminate()}.
     *
     * @throws IllegalStateException if the pool is neither closed nor terminated
     */
    public void join() throws InterruptedException {
        engine.join(Duration.ofNanos(Long.MAX_VALUE));
    }

    /** As {@link #join()}, waiting at most {@code timeout}; true if every worker has exited. */
    public boolean join(Duration timeout) throws InterruptedException {
        return engine.join(timeout);
    }

    /** The pids of the current workers. */
    public List<Long> workerPids() {
        return engine.workerPids();
    }

    @Override
    public String toString() {
        return "Pool[processes=" + engine.processes() + (engine.isShutdown() ? ", shut down" : "") + "]";
    }

    @SuppressWarnings("unchecked")
    private static TaskFunction oneArgument(SerializableFunction<?, ?> function) {
        return new TaskFunction.OfFunction((SerializableFunction<Object, ?>) Objects.requireNonNull(function, "function"));
    }

    @SuppressWarnings("unchecked")
    private static TaskFunction twoArguments(SerializableBiFunction<?, ?, ?> function) {
        return new TaskFunction.OfBiFunction((SerializableBiFunction<Object, Object, ?>) Objects.requireNonNull(function, "function"));
    }
}
