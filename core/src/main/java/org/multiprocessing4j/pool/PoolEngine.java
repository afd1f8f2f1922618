package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialize.ByteReader;
import org.multiprocessing4j.serialize.ExceptionForm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.multiprocessing4j.BrokenProcessPoolException;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.TaskTimeoutException;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.WorkerStats;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.shm.Deadline;

/**
 * The machinery shared by {@code Pool} and {@code ProcessPoolExecutor}: workers on a
 * {@link WorkerSite} (child processes, or slots on a cluster's members), each fed through its own
 * channel by the pool, and the queue of chunks waiting for a worker.
 *
 * <p><b>Dispatch.</b> A chunk goes to an idle worker at once, else waits in {@code pending} (in
 * submission order) for the first worker to become free, as in CPython, so a long task never
 * holds up another behind it in a busy worker. One exception keeps throughput up for small tasks:
 * while more chunks wait than there are workers, a busy worker is also sent chunks to start as
 * soon as it finishes (so it does not wait for a round trip through the pool), as many as it
 * runs in about {@value #PREFETCH_BUDGET_MILLIS} ms at its recent pace (none before it has run one),
 * at most {@value #PREFETCH_MAX_CHUNKS}, and only small ones: what a worker holds
 * queued always fits in its pipe, so sending never blocks on a busy worker.
 *
 * <p><b>Failures.</b> The pool knows exactly which chunks each worker holds. When a worker dies
 * (a process's pipe reaches end-of-file within ~100 ms of its death), the chunk it was running
 * fails with {@link WorkerLostException} (or {@link TaskTimeoutException} if the pool killed it for
 * overrunning the task timeout), the chunks it had not started go back to the front of the queue,
 * and a new worker takes its place. On a site whose {@link WorkerSite#maxRuns()} is more than 1 (a
 * cluster, where a member that leaves may not be the task's fault) every chunk the lost worker
 * held goes back to the front of the queue instead, until it has been lost that many times. A
 * failing initializer, or a replacement that cannot be started, breaks the pool: everything
 * unfinished fails with {@link BrokenProcessPoolException}.
 *
 * <p><b>States.</b> RUNNING accepts work. CLOSED runs what was submitted, then stops each worker as
 * it runs out of work. TERMINATED and BROKEN fail what was unfinished and stop the workers at once.
 *
 * <p>Thread-safe: one lock guards the queue, the worker list and each worker's chunk list; sends,
 * deserialization and the sinks' callbacks run outside it.
 */
public final class PoolEngine {

    private enum State { RUNNING, CLOSED, TERMINATED, BROKEN }

    private static final AtomicInteger WORKER_NUMBERS = new AtomicInteger();
    /**
     * What a busy worker holds queued stays below this, so it fits in its pipe and sending to it
     * never blocks. (A blocked send from a worker's reader thread would deadlock with the worker
     * blocked writing a large result to that thread.)
     */
    private static final int PREFETCH_MAX_BYTES = 256 * 1024;
    private static final int PREFETCH_MAX_CHUNKS = 64;
    private static final long PREFETCH_BUDGET_MILLIS = 2;
    private static final long TERMINATE_GRACE_MILLIS = 1_000;

    private final PoolOptions options;
    private final WorkerSite site;
    private final Function<String, RuntimeException> refusal;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workersChanged = lock.newCondition();
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private final ArrayDeque<WorkerHandle> idle = new ArrayDeque<>();
    private final List<WorkerHandle> live = new ArrayList<>();
    private final ScheduledThreadPoolExecutor timer;
    private State state = State.RUNNING;
    private Throwable brokenCause;
    private long nextSeq;
    /** Lazy submissions ({@code imap}) accepted before a close, still feeding chunks. */
    private final List<Feed> feeds = new ArrayList<>();
    /** Replacement workers decided on in gone() but not yet enlisted: join waits for them too. */
    private int starting;

    /** A thread that reads one worker's replies and runs the sinks, hence the user's callbacks. */
    static final class PoolThread extends Thread {
        final PoolEngine engine;

        PoolThread(PoolEngine engine, Runnable body, String name) {
            super(body, name);
            this.engine = engine;
            setDaemon(true);
        }
    }

    /** True in one of this pool's threads: a callback or a dependent stage runs there. */
    public boolean inOwnThread() {
        return Thread.currentThread() instanceof PoolThread t && t.engine == this;
    }

    /**
     * Starts {@code options.processes()} workers. If one cannot be started, those already started
     * are killed and the error is thrown.
     *
     * @param refusal makes the exception thrown when work is submitted after close or terminate
     */
    public PoolEngine(PoolOptions options, Function<String, RuntimeException> refusal) {
        this(options, ProcessSite.INSTANCE, refusal);
    }

    /**
     * As above, the workers on {@code site}.
     *
     * @throws UnsupportedOperationException if the site cannot honour one of the options
     */
    public PoolEngine(PoolOptions options, WorkerSite site, Function<String, RuntimeException> refusal) {
        site.check(options);
        this.options = options;
        this.site = site;
        this.refusal = refusal;
        if (options.taskTimeout() != null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "mp4j-pool-timeouts");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        } else {
            timer = null;
        }
        try {
            for (int i = 0; i < options.processes(); i++) enlist(startWorker(), false);
        } catch (RuntimeException | Error e) {
            terminate(true);
            throw e;
        }
    }

    private WorkerHandle startWorker() {
        return new WorkerHandle(this, site.start("PoolWorker-" + WORKER_NUMBERS.incrementAndGet(), options));
    }

    /** Adds a started worker: gives it work if any waits, then starts its reader. */
    private void enlist(WorkerHandle worker, boolean replacement) {
        List<Chunk> toSend;
        boolean stop;
        lock.lock();
        try {
            if (replacement) {
                starting--;
                workersChanged.signalAll();
            }
            if (state == State.TERMINATED || state == State.BROKEN) {
                toSend = List.of();
                stop = false;
                worker.link.kill();
            } else {
                live.add(worker);
                toSend = new ArrayList<>();
                stop = refill(worker, toSend);
            }
        } finally {
            lock.unlock();
        }
        worker.startReader();
        worker.post(toSend, stop);
    }

    /**
     * Queues {@code chunks} in order and sends what idle workers can take.
     *
     * @throws BrokenProcessPoolException if the pool is broken
     * @throws RuntimeException           made by the refusal function, if closed or terminated
     */
    public void submit(List<Chunk> chunks) {
        submit(chunks, (Feed) null);
    }

    /** A lazy submission ({@code imap}): the chunks it had accepted, and whom to tell if the pool stops under it. */
    public static final class Feed {
        private final java.util.function.ObjIntConsumer<Supplier<Throwable>> onAbort;
        private int accepted;   // guarded by the engine's lock

        /** {@code onAbort} gets the number of chunks accepted and the error for the next one. */
        public Feed(java.util.function.ObjIntConsumer<Supplier<Throwable>> onAbort) {
            this.onAbort = onAbort;
        }
    }

    /**
     * Opens a feed: its chunks are accepted even after {@link #close()}, until {@link #closeFeed}.
     * If the pool is terminated or breaks first, the feed is told at once (its input may never end).
     *
     * @throws BrokenProcessPoolException if the pool is broken
     * @throws RuntimeException           made by the refusal function, if closed or terminated
     */
    public void openFeed(Feed feed) {
        lock.lock();
        try {
            ensureAccepting();
            feeds.add(feed);
        } finally {
            lock.unlock();
        }
    }

    /** Submits chunks of an open feed; throws only if the pool was terminated or broke meanwhile. */
    public void submitToFeed(Feed feed, List<Chunk> chunks) {
        submit(chunks, feed);
    }

    /** Ends a feed opened with {@link #openFeed}; after a close, idle workers may now stop. */
    public void closeFeed(Feed feed) {
        List<WorkerHandle> toStop;
        lock.lock();
        try {
            feeds.remove(feed);
            toStop = stopIdleIfDone();
        } finally {
            lock.unlock();
        }
        for (WorkerHandle w : toStop) w.post(List.of(), true);
    }

    /** Under the lock: the open feeds, which will be told the pool stopped; none is open afterwards. */
    private List<Feed> takeFeeds() {
        List<Feed> taken = new ArrayList<>(feeds);
        feeds.clear();
        return taken;
    }

    private void submit(List<Chunk> chunks, Feed feed) {
        boolean fed = feed != null;
        List<WorkerHandle> woken = new ArrayList<>();
        List<List<Chunk>> sends = new ArrayList<>();
        lock.lock();
        try {
            if (!fed || state == State.TERMINATED || state == State.BROKEN) ensureAccepting();
            if (fed) feed.accepted += chunks.size();
            for (Chunk c : chunks) {
                c.seq = ++nextSeq;
                pending.add(c);
            }
            assignToIdle(woken, sends);
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < woken.size(); i++) woken.get(i).post(sends.get(i), false);
    }

    /** Under the lock: gives waiting chunks to idle workers; the caller posts {@code sends} to {@code woken} after unlocking. */
    private void assignToIdle(List<WorkerHandle> woken, List<List<Chunk>> sends) {
        WorkerHandle worker;
        while (!pending.isEmpty() && (worker = idle.poll()) != null) {
            List<Chunk> toSend = new ArrayList<>();
            refill(worker, toSend);
            woken.add(worker);
            sends.add(toSend);
        }
    }

    private void ensureAccepting() {
        switch (state) {
            case RUNNING -> { }
            case BROKEN -> throw broken();
            case CLOSED -> throw refusal.apply("the pool is closed: it accepts no more work");
            case TERMINATED -> throw refusal.apply("the pool was terminated: it accepts no more work");
        }
    }

    private BrokenProcessPoolException broken() {
        return new BrokenProcessPoolException("the pool is broken: " + brokenCause.getMessage(), brokenCause);
    }

    /**
     * Under the lock: gives {@code worker} chunks up to its window, or decides it is idle or must
     * stop. Returns true if it must be sent the stop message.
     */
    private boolean refill(WorkerHandle worker, List<Chunk> toSend) {
        if (worker.stopping) return false;
        int limit = options.maxTasksPerChild();
        while (limit == 0 || worker.assigned < limit) {
            Chunk next = pending.peek();
            if (next == null) break;
            if (!worker.inflight.isEmpty()) {
                boolean prefetch = pending.size() > live.size()
                        && worker.queuedBytes + next.messageBytes() <= PREFETCH_MAX_BYTES
                        && worker.inflight.size() <= prefetchDepth(worker);
                if (!prefetch) break;
                worker.queuedBytes += next.messageBytes();
            }
            pending.poll();
            next.worker = worker;
            worker.inflight.add(next);
            worker.assigned++;
            if (worker.inflight.size() == 1) started(worker, next);
            toSend.add(next);
        }
        if (!worker.inflight.isEmpty()) return false;
        boolean retire = limit != 0 && worker.assigned >= limit;
        if (retire || workDone()) {
            worker.stopping = true;
            idle.remove(worker);
            return true;
        }
        if (!idle.contains(worker)) idle.add(worker);
        return false;
    }

    /**
     * How many chunks a busy worker may hold queued behind its running one: none until it has run
     * one (a chunk queued behind a long task would wait while another worker may be free), then
     * as many as it runs in the budget at its recent pace.
     */
    private static int prefetchDepth(WorkerHandle worker) {
        long pace = worker.recentChunkNanos;
        if (pace < 0) return 0;
        return (int) Math.min(PREFETCH_MAX_CHUNKS, PREFETCH_BUDGET_MILLIS * 1_000_000L / Math.max(pace, 1));
    }

    /** Under the lock: closed, and nothing is or will be waiting for a worker. */
    private boolean workDone() {
        return state == State.CLOSED && pending.isEmpty() && feeds.isEmpty();
    }

    /** Under the lock: if {@link #workDone()}, marks the idle workers stopping and returns them. */
    private List<WorkerHandle> stopIdleIfDone() {
        if (!workDone()) return List.of();
        List<WorkerHandle> toStop = new ArrayList<>(idle);
        for (WorkerHandle w : toStop) w.stopping = true;
        idle.clear();
        return toStop;
    }

    /**
     * Under the lock: {@code chunk} is now running in {@code worker}; arms its timeout. Before the
     * worker is ready (booting, running its initializer) nothing runs yet: {@link #ready} does it then.
     */
    private void started(WorkerHandle worker, Chunk chunk) {
        if (!worker.ready) return;
        chunk.startedNanos = System.nanoTime();
        if (timer != null) {
            chunk.timeoutCheck = timer.schedule(() -> timeoutExpired(worker, chunk),
                    options.taskTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** {@code worker} has booted and set up: the chunk it holds first starts running now. */
    private void ready(WorkerHandle worker) {
        lock.lock();
        try {
            worker.ready = true;
            Chunk head = worker.inflight.peek();
            if (head != null) started(worker, head);
        } finally {
            lock.unlock();
        }
    }

    private void timeoutExpired(WorkerHandle worker, Chunk chunk) {
        lock.lock();
        try {
            if (worker.inflight.peek() != chunk || worker.timedOut != null) return;
            worker.timedOut = chunk;
        } finally {
            lock.unlock();
        }
        worker.link.kill();
    }

    /**
     * The outcome of one chunk as a worker reported it: an error, or {@code count} results whose
     * bytes start at {@code resultsAt} in the message (deserialized only once the worker has been
     * given its next chunks, so it does not wait for that).
     */
    private record Reply(long seq, long workNanos, int resultsAt, int count, Supplier<Throwable> error) {
    }

    /** A message from {@code worker}: one or more replies (its reader thread). */
    void received(WorkerHandle worker, byte[] message) throws IOException {
        ByteReader in = new ByteReader(message);
        List<Reply> replies = new ArrayList<>();
        while (in.hasMore()) {
            byte type = in.getByte();
            long seq = in.getLong();
            long workNanos = in.getLong();
            switch (type) {
                case Wire.BROKEN -> {
                    breakPool(ExceptionForm.read(in, worker.description).toThrowable());
                    return;
                }
                case Wire.READY -> ready(worker);
                case Wire.RESULT -> {
                    int count = in.getInt();
                    int resultsAt = in.position();
                    for (int i = 0; i < count; i++) in.skipBytes();   // a framing error is the stream's fault: it propagates
                    replies.add(new Reply(seq, workNanos, resultsAt, count, null));
                }
                case Wire.ERROR -> replies.add(new Reply(seq, workNanos, 0, 0, ExceptionForm.read(in, worker.description)::toThrowable));
                default -> throw new IOException("unknown reply type " + type + " from " + worker.description);
            }
        }
        if (replies.isEmpty()) return;
        Chunk[] done = new Chunk[replies.size()];
        List<Chunk> toSend = new ArrayList<>();
        boolean stop;
        lock.lock();
        try {
            if (worker.timedOut != null) return;   // being killed: gone() fails the timed-out head and requeues the rest
            for (int i = 0; i < done.length; i++) {
                Reply reply = replies.get(i);
                Chunk head = worker.inflight.peek();
                if (head == null || head.seq != reply.seq) {
                    if (state == State.TERMINATED || state == State.BROKEN) return;   // its chunks were failed already
                    for (int j = i - 1; j >= 0; j--) worker.inflight.addFirst(done[j]);   // gone() fails or requeues them
                    throw new IOException(worker.description + " replied to chunk " + reply.seq + ", not the one it was given");
                }
                done[i] = worker.inflight.poll();
                if (head.timeoutCheck != null) head.timeoutCheck.cancel(false);
                worker.itemsDone += head.count;
                worker.workNanos += reply.workNanos;
                worker.recentChunkNanos = worker.recentChunkNanos < 0 ? reply.workNanos
                        : (7 * worker.recentChunkNanos + reply.workNanos) / 8;
                Chunk following = worker.inflight.peek();
                if (following != null) {
                    worker.queuedBytes -= following.messageBytes();
                    started(worker, following);
                }
            }
            stop = refill(worker, toSend);
        } finally {
            lock.unlock();
        }
        worker.post(toSend, stop);
        for (int i = 0; i < done.length; i++) {
            Reply reply = replies.get(i);
            if (reply.error != null) {
                fail(done[i], reply.error);
                continue;
            }
            Object[] results = new Object[reply.count];
            Throwable failure = readResults(new ByteReader(message, reply.resultsAt), results);
            if (failure == null) {
                deliver(done[i], results);
            } else {
                SerializationException error = new SerializationException(
                        "cannot deserialize a task's result sent by " + worker.description + ": " + failure, failure);
                fail(done[i], () -> error);
            }
        }
    }

    /** Reads {@code results.length} results; returns the first that cannot be deserialized (the others are read). */
    private static Throwable readResults(ByteReader in, Object[] results) throws IOException {
        Throwable failure = null;
        Serializer serializer = Serializer.standard();
        for (int i = 0; i < results.length; i++) {
            int start = in.skipBytes();
            try {
                results[i] = serializer.deserialize(in.array(), start, in.position() - start);
            } catch (IOException | RuntimeException | Error e) {   // StackOverflowError on a deep graph, say
                if (failure == null) failure = e;
            }
        }
        return failure;
    }

    /** {@code worker}'s pipe reached end-of-file and it has exited (its reader thread). */
    void gone(WorkerHandle worker, Integer exitCode) {
        Chunk running;
        boolean replace;
        List<Chunk> lostTooOften = new ArrayList<>();
        List<WorkerHandle> woken = new ArrayList<>();
        List<List<Chunk>> sends = new ArrayList<>();
        lock.lock();
        try {
            live.remove(worker);
            idle.remove(worker);
            running = worker.inflight.poll();
            if (running != null && running.timeoutCheck != null) running.timeoutCheck.cancel(false);
            if (running != null && site.maxRuns() > 1 && worker.timedOut != running) {
                worker.inflight.addFirst(running);     // run again elsewhere, below
                running = null;
            }
            for (Iterator<Chunk> it = worker.inflight.descendingIterator(); it.hasNext(); ) {
                Chunk held = it.next();
                held.worker = null;
                // On a site that runs lost chunks again, every chunk the worker held may have run (it got them all).
                if (site.maxRuns() > 1 && ++held.losses >= site.maxRuns()) lostTooOften.add(held);
                else pending.addFirst(held);
            }
            worker.inflight.clear();
            worker.queuedBytes = 0;
            // The chunks it had not started go to a worker that is idle now rather than wait for the replacement to boot.
            assignToIdle(woken, sends);
            replace = state == State.RUNNING || (state == State.CLOSED && !workDone());
            if (replace) starting++;
            if (!replace && live.isEmpty() && starting == 0 && timer != null) timer.shutdownNow();
            workersChanged.signalAll();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < woken.size(); i++) woken.get(i).post(sends.get(i), false);
        if (replace) {
            WorkerHandle replacement = null;
            try {
                replacement = startWorker();
            } catch (RuntimeException | Error e) {
                lock.lock();
                try {
                    starting--;
                    workersChanged.signalAll();
                } finally {
                    lock.unlock();
                }
                breakPool(new org.multiprocessing4j.ProcessException("cannot start a replacement worker: " + e.getMessage(), e));
            }
            if (replacement != null) enlist(replacement, true);
        }
        if (running != null) {
            RuntimeException lost = worker.timedOut == running
                    ? new TaskTimeoutException(worker.description + " was killed: a task ran longer than the task timeout of "
                            + options.taskTimeout(), exitCode)
                    : new WorkerLostException(worker.description + " terminated abruptly with exit code " + exitCode
                            + " while running a task", exitCode);
            fail(running, () -> lost);
        }
        for (Chunk c : lostTooOften) {
            WorkerLostException lost = new WorkerLostException("a task was not run to its end: the workers running it were lost "
                    + c.losses + " times, the last " + worker.description, exitCode);
            fail(c, () -> lost);
        }
    }

    /** Gives {@code chunk}'s results to its sink; a sink that throws (a user's callback) is logged, not fatal. */
    private static void deliver(Chunk chunk, Object[] results) {
        try {
            chunk.sink.completed(chunk, results);
        } catch (RuntimeException | Error e) {
            Multiprocessing.getLogger().log(Level.WARNING, "a pool result's consumer threw", e);
        }
    }

    /** Gives {@code chunk}'s failure to its sink; as {@link #deliver}. */
    private static void fail(Chunk chunk, Supplier<Throwable> error) {
        try {
            chunk.sink.failed(chunk, error);
        } catch (RuntimeException | Error e) {
            Multiprocessing.getLogger().log(Level.WARNING, "a pool result's consumer threw", e);
        }
    }

    private void breakPool(Throwable cause) {
        List<Chunk> unfinished;
        List<Feed> aborted;
        lock.lock();
        try {
            if (state == State.TERMINATED || state == State.BROKEN) return;
            state = State.BROKEN;
            brokenCause = cause;
            unfinished = takeUnfinished();
            aborted = takeFeeds();
            workersChanged.signalAll();
        } finally {
            lock.unlock();
        }
        for (Chunk c : unfinished) fail(c, this::broken);
        for (Feed f : aborted) f.onAbort.accept(this::broken, f.accepted);
        stopAll();
        if (timer != null) timer.shutdownNow();
    }

    /** Under the lock: every chunk pending or held by a worker, the lists cleared. */
    private List<Chunk> takeUnfinished() {
        List<Chunk> unfinished = new ArrayList<>();
        for (WorkerHandle w : live) {
            for (Chunk c : w.inflight) {
                if (c.timeoutCheck != null) c.timeoutCheck.cancel(false);
                unfinished.add(c);
            }
            w.inflight.clear();
        }
        unfinished.addAll(pending);
        pending.clear();
        idle.clear();
        return unfinished;
    }

    /** Sends SIGTERM to every live worker, SIGKILL to those still alive after a grace period. */
    private void stopAll() {
        List<WorkerHandle> workers = snapshot();
        for (WorkerHandle w : workers) w.link.terminate();
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(TERMINATE_GRACE_MILLIS);
            } catch (InterruptedException e) {
                // kill now
            }
            for (WorkerHandle w : workers) w.link.kill();
        }, "mp4j-pool-killer");
        killer.setDaemon(true);
        killer.start();
    }

    private List<WorkerHandle> snapshot() {
        lock.lock();
        try {
            return new ArrayList<>(live);
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting work; workers stop as they run out of it. */
    public void close() {
        List<WorkerHandle> toStop;
        lock.lock();
        try {
            if (state != State.RUNNING) return;
            state = State.CLOSED;
            toStop = stopIdleIfDone();
            workersChanged.signalAll();
        } finally {
            lock.unlock();
        }
        for (WorkerHandle w : toStop) w.post(List.of(), true);
    }

    /**
     * Stops at once: unfinished chunks fail with {@link CancellationException} and the workers are
     * sent SIGTERM (SIGKILL a second later if still alive). If {@code await}, returns once they are
     * all gone (within about two seconds).
     */
    public void terminate(boolean await) {
        List<Chunk> unfinished;
        List<Feed> aborted;
        lock.lock();
        try {
            boolean wasDone = state == State.TERMINATED || state == State.BROKEN;
            if (!wasDone) state = State.TERMINATED;    // a broken pool stays broken: submissions say why
            unfinished = wasDone ? List.of() : takeUnfinished();
            aborted = takeFeeds();
            workersChanged.signalAll();
        } finally {
            lock.unlock();
        }
        for (Chunk c : unfinished) fail(c, () -> new CancellationException("the pool was terminated"));
        for (Feed f : aborted) f.onAbort.accept(() -> new CancellationException("the pool was terminated"), f.accepted);
        stopAll();
        if (timer != null) timer.shutdownNow();
        if (!await || inOwnThread()) return;   // a callback cannot wait for the reader it runs in
        try {
            awaitTermination(Deadline.NEVER);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until every worker has exited, after {@link #close()} or {@link #terminate()}.
     *
     * @return false if {@code timeout} passed first
     * @throws IllegalStateException if the pool is still running
     */
    public boolean join(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (state == State.RUNNING) throw new IllegalStateException("join() needs close() or terminate() first");
        } finally {
            lock.unlock();
        }
        return awaitTermination(Deadline.after(Deadline.nanos(timeout)));
    }

    /**
     * Waits until the pool is shut down (closed, terminated or broken) and every worker has exited.
     *
     * @param deadline a {@link Deadline}
     * @return false if the deadline passed first
     */
    public boolean awaitTermination(long deadline) throws InterruptedException {
        if (inOwnThread()) {
            throw new IllegalStateException("cannot wait for a pool in one of its own threads (a callback or a dependent stage)");
        }
        lock.lock();
        try {
            while (state == State.RUNNING || !live.isEmpty() || starting > 0) {
                long left = Deadline.remaining(deadline);
                if (left <= 0) return false;
                workersChanged.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code chunk} out of the queue if no worker has it yet.
     *
     * @return true if it was removed: it will never run, and its sink is not called
     */
    public boolean cancel(Chunk chunk) {
        lock.lock();
        try {
            return chunk.worker == null && pending.remove(chunk);
        } finally {
            lock.unlock();
        }
    }

    /** Removes every chunk no worker has yet, and returns them (their sinks are not called). */
    public List<Chunk> drainPending() {
        lock.lock();
        try {
            List<Chunk> drained = new ArrayList<>(pending);
            pending.clear();
            return drained;
        } finally {
            lock.unlock();
        }
    }

    /** True once close or terminate was called. */
    public boolean isShutdown() {
        lock.lock();
        try {
            return state != State.RUNNING;
        } finally {
            lock.unlock();
        }
    }

    /** True once shut down with no worker left. */
    public boolean isTerminated() {
        lock.lock();
        try {
            return state != State.RUNNING && live.isEmpty() && starting == 0;
        } finally {
            lock.unlock();
        }
    }

    /** The number of workers the pool keeps. */
    public int processes() {
        return options.processes();
    }

    /** The options the pool was made with. */
    public PoolOptions options() {
        return options;
    }

    /** What each live worker has done. */
    public List<WorkerStats> workerStats() {
        lock.lock();
        try {
            List<WorkerStats> stats = new ArrayList<>();
            for (WorkerHandle w : live) {
                long alive = w.aliveNanos();
                stats.add(new WorkerStats(w.link.name(), w.link.pid(), w.itemsDone,
                        Duration.ofNanos(w.workNanos), Duration.ofNanos(Math.max(0, alive - w.workNanos))));
            }
            return stats;
        } finally {
            lock.unlock();
        }
    }

    /** The pids of the live workers. */
    public List<Long> workerPids() {
        return snapshot().stream().map(w -> w.link.pid()).toList();
    }
}
