package org.multiprocessing4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.multiprocessing4j.pool.Chunk;
import org.multiprocessing4j.pool.ChunkSink;
import org.multiprocessing4j.pool.FunctionRef;
import org.multiprocessing4j.pool.PoolEngine;
import org.multiprocessing4j.pool.ProcessSite;
import org.multiprocessing4j.pool.WorkerSite;
import org.multiprocessing4j.pool.TaskFunction;
import org.multiprocessing4j.shm.Deadline;

/**
 * An {@link ExecutorService} whose tasks run in worker processes: CPython's
 * {@code concurrent.futures.ProcessPoolExecutor}, on the same engine as {@link Pool}.
 *
 * <pre>{@code
 * try (var executor = new ProcessPoolExecutor(4)) {
 *     CompletableFuture<Integer> f = executor.submit(() -> 2 * 21);   // a plain lambda travels
 *     f.thenAccept(System.out::println);
 * }
 * }</pre>
 *
 * <p><b>Tasks travel serialized.</b> {@link #submit(SerializableCallable)} makes {@code javac}
 * compile a lambda as serializable. The {@code ExecutorService} methods that take a plain
 * {@link Callable} or {@link Runnable} accept it only if it is {@link Serializable}, and throw a
 * {@link SerializationException} naming the class otherwise (a void lambda passed to
 * {@code submit(Runnable)} is not: return a value and it becomes a {@code SerializableCallable},
 * or cast it to {@code (Runnable & Serializable)}).
 *
 * <p><b>Futures</b> are {@link CompletableFuture}s: {@code get()} throws {@link ExecutionException}
 * whose cause is the task's exception, with the worker's stack trace attached as a
 * {@link RemoteTraceback}. {@code cancel} succeeds only for a task no worker has been given, as
 * in CPython for a task not started; so {@code invokeAll} with a timeout and {@code invokeAny} leave
 * tasks already running to finish. Dependent stages ({@code thenApply}, ...) run in a pool thread
 * or the caller's: never block in a non-async stage (use {@code thenCompose} or the
 * {@code *Async} forms), as that thread reads the results of a worker.
 *
 * <p><b>Failures.</b> A worker that dies mid-task fails that task's future with
 * {@link WorkerLostException} (CPython's message: "terminated abruptly with exit code N") and is
 * replaced; unlike CPython, the other futures and later submissions are not affected. An
 * initializer that throws breaks the executor: every unfinished future fails with
 * {@link BrokenProcessPoolException}, a separate instance each, and so do later submissions.
 *
 * <p><b>Shutdown.</b> {@link #shutdown()} refuses new tasks ({@link RejectedExecutionException})
 * and lets submitted ones finish; {@link #shutdownNow()} cancels those not started, kills the
 * workers (their tasks' futures are cancelled) and returns the tasks that never started;
 * {@link #close()} is shutdown then waiting.
 *
 * <p>Thread-safe.
 */
public class ProcessPoolExecutor implements ExecutorService {

    private final PoolEngine engine;

    /** An executor with {@link Multiprocessing#cpuCount()} workers. */
    public ProcessPoolExecutor() {
        this(PoolOptions.defaults());
    }

    /**
     * An executor with {@code maxWorkers} workers.
     *
     * @throws IllegalArgumentException if {@code maxWorkers} is less than 1
     */
    public ProcessPoolExecutor(int maxWorkers) {
        this(PoolOptions.defaults().processes(maxWorkers));
    }

    /** An executor made as {@code options} say (its progress bar option is ignored). */
    public ProcessPoolExecutor(PoolOptions options) {
        this(options, ProcessSite.INSTANCE);
    }

    /** An executor whose workers run on {@code site} (a cluster's members); see {@link org.multiprocessing4j.spi.Backends}. */
    ProcessPoolExecutor(PoolOptions options, WorkerSite site) {
        this.engine = new PoolEngine(Objects.requireNonNull(options, "options"), site, RejectedExecutionException::new);
    }

    /** Runs {@code task} in a worker; the future completes with its result or exception. */
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        return submit(task, null);
    }

    /** Submits {@code task}; its future gets {@code fixed} (which never travels) if not null, else the task's result. */
    private <T> TaskFuture<T> submit(SerializableCallable<?> task, T fixed) {
        TaskFuture<T> future = new TaskFuture<>(engine, task, fixed);
        TaskFunction function = new TaskFunction.OfCallable(Objects.requireNonNull(task, "task"));
        FunctionRef ref = FunctionRef.of(function);
        future.chunk = new Chunk(ref, 0, List.<Object[]>of(new Object[0]), future, 0, ref.shared());
        engine.submit(List.of(future.chunk));
        return future;
    }

    /**
     * Runs a {@link Serializable} {@code task} in a worker.
     *
     * @throws SerializationException if the task is not serializable
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        return submit(serializable(task));
    }

    /** Runs a {@link Serializable} {@code task} in a worker; the future's value is null. */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submit(task, null);
    }

    /** Runs a {@link Serializable} {@code task} in a worker; the future's value is {@code result}. */
    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        Runnable travelling = serializable(task);
        return submit((SerializableCallable<Object>) () -> {
            travelling.run();
            return null;
        }, result);
    }

    /** Runs a {@link Serializable} {@code command} in a worker; an exception it throws is logged. */
    @Override
    public void execute(Runnable command) {
        submit(command).whenComplete((ignored, error) -> {
            if (error != null && !(error instanceof CancellationException)) {
                Multiprocessing.getLogger().log(Level.WARNING, "a task given to execute() failed", error);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> SerializableCallable<T> serializable(Callable<T> task) {
        if (task instanceof SerializableCallable<T> s) return s;
        Callable<T> travelling = serializable((Object) task, Callable.class);
        return travelling::call;
    }

    private static Runnable serializable(Runnable task) {
        return serializable((Object) task, Runnable.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T serializable(Object task, Class<?> type) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof Serializable)) {
            throw new SerializationException("cannot run " + task.getClass().getName() + " in a worker process: a "
                    + type.getSimpleName() + " must also implement java.io.Serializable (pass a lambda where a"
                    + " SerializableCallable is expected, or cast it to (" + type.getSimpleName() + " & Serializable))", null);
        }
        return (T) task;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return invokeAll(tasks, Deadline.NEVER);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        return invokeAll(tasks, Deadline.after(unit.toNanos(timeout)));
    }

    private <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long deadline) throws InterruptedException {
        List<Future<T>> futures = submitAll(tasks);
        try {
            for (Future<T> f : futures) {
                long left = Deadline.remaining(deadline);
                if (left <= 0) break;
                try {
                    f.get(left, TimeUnit.NANOSECONDS);
                } catch (ExecutionException | CancellationException | TimeoutException e) {
                    // the future holds the outcome; a timeout is handled below
                }
            }
        } finally {
            for (Future<T> f : futures) ((TaskFuture<T>) f).forceCancel();   // every returned future is done
        }
        return futures;
    }

    private <T> List<Future<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> task : tasks) futures.add(submit(task));
        } catch (RuntimeException e) {
            for (Future<T> f : futures) f.cancel(false);
            throw e;
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, Deadline.NEVER);
        } catch (TimeoutException e) {
            throw new AssertionError("no deadline, no timeout", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, Deadline.after(unit.toNanos(timeout)));
    }

    private <T> T invokeAny(Collection<? extends Callable<T>> tasks, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) throw new IllegalArgumentException("invokeAny needs at least one task");
        BlockingQueue<CompletableFuture<T>> done = new ArrayBlockingQueue<>(tasks.size());
        List<CompletableFuture<T>> futures = new ArrayList<>();
        try {
            for (Callable<T> task : tasks) {
                CompletableFuture<T> f = submit(task);
                futures.add(f);
                f.whenComplete((v, e) -> done.add(f));
            }
            ExecutionException last = null;
            for (int i = 0; i < futures.size(); i++) {
                CompletableFuture<T> f = done.poll(Deadline.remaining(deadline), TimeUnit.NANOSECONDS);
                if (f == null) throw new TimeoutException("no task completed successfully in time");
                try {
                    return f.get();
                } catch (ExecutionException | CancellationException e) {
                    last = e instanceof ExecutionException ee ? ee : new ExecutionException(e);
                }
            }
            throw last;
        } finally {
            for (CompletableFuture<T> f : futures) ((TaskFuture<T>) f).forceCancel();
        }
    }

    @Override
    public void shutdown() {
        engine.close();
    }

    /**
     * Cancels the tasks no worker was given, kills the workers (the futures of the tasks they
     * held, running or queued in them, are cancelled) and returns the tasks no worker was given,
     * each runnable here.
     */
    @Override
    public List<Runnable> shutdownNow() {
        engine.close();
        List<Runnable> neverStarted = new ArrayList<>();
        for (Chunk c : engine.drainPending()) {
            TaskFuture<?> f = (TaskFuture<?>) c.sink();
            f.cancelled();
            neverStarted.add(f::runHere);
        }
        engine.terminate(false);
        return neverStarted;
    }

    /**
     * Shuts down and waits until every task has finished and every worker has exited; if
     * interrupted while waiting, {@link #shutdownNow()} (as {@code ExecutorService.close()}).
     * Called in a dependent stage or callback (a pool thread, which the wait would need), it
     * shuts down without waiting.
     */
    @Override
    public void close() {
        if (engine.inOwnThread()) {
            shutdown();
            return;
        }
        ExecutorService.super.close();
    }

    @Override
    public boolean isShutdown() {
        return engine.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return engine.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return engine.awaitTermination(Deadline.after(unit.toNanos(timeout)));
    }

    /** The number of worker processes. */
    public int maxWorkers() {
        return engine.processes();
    }

    /** What each current worker has done: tasks run, time working and waiting. */
    public List<WorkerStats> workerStats() {
        return engine.workerStats();
    }

    /** The pids of the current workers. */
    public List<Long> workerPids() {
        return engine.workerPids();
    }

    @Override
    public String toString() {
        return "ProcessPoolExecutor[maxWorkers=" + engine.processes() + (isShutdown() ? ", shut down" : "") + "]";
    }

    /**
     * The future of one task: completed by the pool; {@link #cancel} takes the task out of the
     * queue if no worker has it yet, and refuses otherwise.
     */
    private static final class TaskFuture<T> extends CompletableFuture<T> implements ChunkSink {

        private final PoolEngine engine;
        private final SerializableCallable<?> task;
        private final T fixed;
        private volatile Chunk chunk;

        TaskFuture(PoolEngine engine, SerializableCallable<?> task, T fixed) {
            this.engine = engine;
            this.task = task;
            this.fixed = fixed;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void completed(Chunk c, Object[] results) {
            super.complete(fixed != null ? fixed : (T) results[0]);   // a Runnable's task returns null
        }

        /** Done at once: taken out of the queue if no worker has it, else its eventual outcome is dropped. */
        void forceCancel() {
            if (isDone()) return;
            Chunk c = chunk;
            if (c != null) engine.cancel(c);
            super.cancel(false);
        }

        @Override
        public void failed(Chunk c, Supplier<Throwable> error) {
            super.completeExceptionally(error.get());
        }

        void cancelled() {
            super.cancel(false);
        }

        void runHere() {
            try {
                task.call();
            } catch (Exception e) {
                throw org.multiprocessing4j.serialize.ExceptionForm.unchecked(e);
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            Chunk c = chunk;
            return c != null && engine.cancel(c) && super.cancel(false);
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
