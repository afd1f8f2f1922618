package org.multiprocessing4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Pool} or {@link ProcessPoolExecutor} runs its workers: an immutable value, each
 * {@code with}-style method returning a changed copy.
 *
 * <pre>{@code
 * var options = PoolOptions.defaults()
 *         .processes(4)
 *         .workerState(() -> new Model("weights.bin"))   // made once per worker; Pool.workerState()
 *         .maxTasksPerChild(1000)
 *         .taskTimeout(Duration.ofMinutes(5))            // an overrunning task's worker is killed and replaced
 *         .jvmOptions(List.of("-Xmx512m"));
 * try (var pool = new Pool(options)) { ... }
 * }</pre>
 *
 * <p>Every setter checks its argument and throws {@link IllegalArgumentException} (or
 * {@link NullPointerException}) naming it, as CPython's {@code ValueError} does.
 *
 * <p>Immutable and thread-safe.
 */
public final class PoolOptions {

    private final int processes;
    private final SerializableRunnable initializer;
    private final SerializableCallable<?> workerState;
    private final int maxTasksPerChild;
    private final Duration taskTimeout;
    private final List<String> jvmOptions;
    private final boolean progressBar;

    private PoolOptions(int processes, SerializableRunnable initializer, SerializableCallable<?> workerState,
                        int maxTasksPerChild, Duration taskTimeout, List<String> jvmOptions, boolean progressBar) {
        this.processes = processes;
        this.initializer = initializer;
        this.workerState = workerState;
        this.maxTasksPerChild = maxTasksPerChild;
        this.taskTimeout = taskTimeout;
        this.jvmOptions = jvmOptions;
        this.progressBar = progressBar;
    }

    /**
     * {@link Multiprocessing#cpuCount()} workers, no initializer or state, workers never retired,
     * no task timeout, no extra JVM options, no progress bar.
     */
    public static PoolOptions defaults() {
        return new PoolOptions(Multiprocessing.cpuCount(), null, null, 0, null, List.of(), false);
    }

    /** The number of worker processes, at least 1. */
    public PoolOptions processes(int processes) {
        if (processes <= 0) throw new IllegalArgumentException("the number of processes must be at least 1, not " + processes);
        return new PoolOptions(processes, initializer, workerState, maxTasksPerChild, taskTimeout, jvmOptions, progressBar);
    }

    /**
     * Runs {@code initializer} in each worker once, when it starts (CPython's {@code initializer}
     * and {@code initargs}: the arguments are what the lambda captures). If it throws, the pool is
     * broken: see {@link BrokenProcessPoolException}.
     */
    public PoolOptions initializer(SerializableRunnable initializer) {
        return new PoolOptions(processes, Objects.requireNonNull(initializer, "initializer"), workerState,
                maxTasksPerChild, taskTimeout, jvmOptions, progressBar);
    }

    /** Runs {@code initializer.accept(argument)} in each worker once, when it starts; see {@link #initializer(SerializableRunnable)}. */
    public <A> PoolOptions initializer(SerializableConsumer<? super A> initializer, A argument) {
        Objects.requireNonNull(initializer, "initializer");
        return initializer(() -> initializer.accept(argument));
    }

    /**
     * Makes a worker state once in each worker, after the initializer: an object kept for the
     * worker's life that its tasks get with {@link Pool#workerState()} (a model loaded once per
     * worker, a connection, a non-thread-safe library's instance). If the factory throws, the pool
     * is broken, as for the initializer.
     */
    public PoolOptions workerState(SerializableCallable<?> factory) {
        return new PoolOptions(processes, initializer, Objects.requireNonNull(factory, "factory"),
                maxTasksPerChild, taskTimeout, jvmOptions, progressBar);
    }

    /**
     * Retires a worker after it has run {@code tasks} tasks (chunks, as in CPython) and starts a
     * fresh one: bounds what a leaky library can accumulate. At least 1.
     */
    public PoolOptions maxTasksPerChild(int tasks) {
        if (tasks <= 0) throw new IllegalArgumentException("maxTasksPerChild must be at least 1, not " + tasks);
        return new PoolOptions(processes, initializer, workerState, tasks, taskTimeout, jvmOptions, progressBar);
    }

    /**
     * The longest a task (a chunk) may run: a worker still running it after {@code timeout} is
     * killed and replaced, and the task fails with {@link TaskTimeoutException}. Positive.
     */
    public PoolOptions taskTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("taskTimeout must be positive, not " + timeout);
        return new PoolOptions(processes, initializer, workerState, maxTasksPerChild, timeout, jvmOptions, progressBar);
    }

    /** Options for each worker JVM, such as {@code -Xmx512m}; see {@link Process#setJvmOptions}. */
    public PoolOptions jvmOptions(List<String> options) {
        return new PoolOptions(processes, initializer, workerState, maxTasksPerChild, taskTimeout,
                List.copyOf(options), progressBar);
    }

    /** Draws a progress bar (done/total, rate, ETA) on stderr during {@code map} and {@code imap} calls. */
    public PoolOptions progressBar(boolean show) {
        return new PoolOptions(processes, initializer, workerState, maxTasksPerChild, taskTimeout, jvmOptions, show);
    }

    /** The number of worker processes. */
    public int processes() {
        return processes;
    }

    /** The initializer, or null. */
    public SerializableRunnable initializer() {
        return initializer;
    }

    /** The worker state factory, or null. */
    public SerializableCallable<?> workerState() {
        return workerState;
    }

    /** Tasks after which a worker is retired; 0 for never. */
    public int maxTasksPerChild() {
        return maxTasksPerChild;
    }

    /** The task timeout, or null for none. */
    public Duration taskTimeout() {
        return taskTimeout;
    }

    /** The workers' extra JVM options. */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** Whether {@code map} and {@code imap} draw a progress bar. */
    public boolean progressBar() {
        return progressBar;
    }

    @Override
    public String toString() {
        return "PoolOptions[processes=" + processes + ", initializer=" + (initializer != null)
                + ", workerState=" + (workerState != null) + ", maxTasksPerChild=" + maxTasksPerChild
                + ", taskTimeout=" + taskTimeout + ", jvmOptions=" + jvmOptions + ", progressBar=" + progressBar + "]";
    }
}
