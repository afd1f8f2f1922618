package org.multiprocessing4j.sync;

import java.io.IOException;

/**
 * The operations behind {@code Queue} and {@code JoinableQueue}: a FIFO of byte messages, the
 * seam between the public queue and where it lives (shared memory, a manager's server, a
 * cluster). Items are serialized by the public queue in the caller, so an implementation never
 * needs their classes. Implementations are thread-safe; every parameter and result is
 * serializable, so a remote proxy can implement this interface.
 *
 * <p>{@link #taskDone()} and {@link #join} count unfinished messages only for a joinable queue:
 * on another, {@code taskDone()} throws and {@code join} returns true at once.
 */
public interface QueueOps {

    /**
     * Appends a message, waiting up to {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever;
     * zero or less: not at all) while the queue is full. A joinable queue counts it unfinished.
     *
     * @return false if the queue stayed full; nothing was put
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    boolean put(byte[] message, long timeoutNanos) throws InterruptedException;

    /**
     * Takes the oldest message, waiting up to {@code timeoutNanos} ({@link Long#MAX_VALUE}: for
     * ever; zero or less: only if there is one now).
     *
     * @return the message, or null if none came in time
     * @throws InterruptedException if the current thread is interrupted while waiting
     * @throws IOException          if the message could not be read (in shared memory: its
     *                              segment is gone)
     */
    byte[] get(long timeoutNanos) throws InterruptedException, IOException;

    /** Messages put and not yet taken (approximate while others put and take). */
    int size();

    /** The bound given at creation; 0 for an unbounded queue. */
    int maxsize();

    /**
     * Marks one message taken from a joinable queue as processed.
     *
     * @throws IllegalStateException if called more times than messages were put
     */
    void taskDone();

    /**
     * Waits until every message put in a joinable queue has been marked done, at most
     * {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever).
     *
     * @return true if none is unfinished
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    boolean join(long timeoutNanos) throws InterruptedException;
}
