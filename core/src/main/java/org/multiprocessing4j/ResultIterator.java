package org.multiprocessing4j;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.multiprocessing4j.pool.Chunk;
import org.multiprocessing4j.pool.ChunkSink;
import org.multiprocessing4j.pool.ProgressBar;
import org.multiprocessing4j.serialize.ExceptionForm;

/**
 * The results of an {@code imap} (in input order) or {@code imapUnordered} (in completion
 * order), as they arrive: CPython's {@code IMapIterator}.
 *
 * <p>{@link #hasNext()} waits until the next result is in or the end is known. A chunk that
 * failed makes {@link #next()} throw its exception once, as {@code AsyncResult.get()} would, in
 * its place; iteration may go on after it. If the input itself threw, the chunk it was reading
 * fails with that exception and is the last.
 *
 * <p>Thread-safe, though an iterator is usually read by one thread. Pool threads add outcomes
 * under one lock; the reader, under another, takes all that have arrived at once into its own
 * buffer.
 */
final class ResultIterator<R> implements Iterator<R>, ChunkSink {

    private record Outcome(Object[] results, Supplier<Throwable> error) {
    }

    private final boolean ordered;
    private final ProgressBar progress;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<Integer, Outcome> byIndex = new HashMap<>();   // ordered
    private final ArrayDeque<Outcome> byArrival = new ArrayDeque<>(); // unordered
    private int totalChunks = -1;          // guarded by lock
    private int consumedChunks;            // guarded by lock: outcomes moved to the consumer's side
    // The consumer's side, guarded by consumer:
    private final ReentrantLock consumer = new ReentrantLock();
    private final ArrayDeque<Outcome> taken = new ArrayDeque<>();
    private Object[] current;
    private int position;
    private Supplier<Throwable> failure;

    ResultIterator(boolean ordered, ProgressBar progress) {
        this.ordered = ordered;
        this.progress = progress;
    }

    @Override
    public void completed(Chunk chunk, Object[] results) {
        if (progress != null) progress.advance(results.length);
        arrive(chunk.index(), new Outcome(results, null));
    }

    @Override
    public void failed(Chunk chunk, Supplier<Throwable> error) {
        arrive(chunk.index(), new Outcome(null, error));
    }

    /** The input threw (or an item could not be serialized) while chunk {@code index} was read: it is the last. */
    void inputFailed(int index, Throwable error) {
        end(index, () -> error);
    }

    /** The pool was terminated or broke after accepting {@code chunks} chunks: the next outcome is {@code error}, the last. */
    void aborted(Supplier<Throwable> error, int chunks) {
        end(chunks, error);
    }

    private void end(int index, Supplier<Throwable> error) {
        lock.lock();
        try {
            if (totalChunks >= 0) return;   // the end is known already
            totalChunks = index + 1;
            if (ordered) byIndex.put(index, new Outcome(null, error));
            else byArrival.add(new Outcome(null, error));
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The input ended after {@code chunks} chunks of {@code items} items in all. */
    void inputEnded(int chunks, long items) {
        if (progress != null) progress.total(items);
        lock.lock();
        try {
            if (totalChunks >= 0) return;
            totalChunks = chunks;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void arrive(int index, Outcome outcome) {
        lock.lock();
        try {
            if (ordered) byIndex.put(index, outcome);
            else byArrival.add(outcome);
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean hasNext() {
        lockConsumer();
        try {
            return hasNextLocked();
        } finally {
            consumer.unlock();
        }
    }

    /** Takes the consumer's side, interruptibly (a second reader may wait here). */
    private void lockConsumer() {
        try {
            consumer.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for the next result", e);
        }
    }

    private boolean hasNextLocked() {
        while (true) {
            if (failure != null || (current != null && position < current.length)) return true;
            current = null;
            Outcome next = taken.poll();
            if (next == null) {
                if (takeArrived()) continue;
                if (progress != null) progress.finish();
                return false;
            }
            if (next.error != null) {
                failure = next.error;
            } else {
                current = next.results;
                position = 0;
            }
        }
    }

    /**
     * Moves every outcome that may be consumed now into {@code taken}, in one go (one lock
     * round per batch rather than per result), waiting until there is one; false if none will come.
     */
    private boolean takeArrived() {
        lock.lock();
        try {
            while (true) {
                if (ordered) {
                    Outcome o;
                    while ((o = byIndex.remove(consumedChunks)) != null) {
                        taken.add(o);
                        consumedChunks++;
                    }
                } else {
                    consumedChunks += byArrival.size();
                    taken.addAll(byArrival);
                    byArrival.clear();
                }
                if (!taken.isEmpty()) return true;
                if (consumedChunks == totalChunks) return false;
                arrived.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for the next result", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R next() {
        lockConsumer();
        try {
            if (!hasNextLocked()) throw new NoSuchElementException();
            Supplier<Throwable> error = failure;
            if (error != null) {
                failure = null;
                throw ExceptionForm.unchecked(error.get());
            }
            return (R) current[position++];
        } finally {
            consumer.unlock();
        }
    }
}
