package org.multiprocessing4j.sync;

import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FIFO of byte messages in this JVM's heap, for a manager's server: the {@link QueueOps} of a
 * {@code Queue} or {@code JoinableQueue} it holds. Unlike one in shared memory, an unbounded one
 * buffers as much as the heap holds.
 *
 * <p>Thread-safe; waits are interruptible.
 */
public final class HeapQueue implements QueueOps {

    private final int maxsize;
    private final boolean joinable;
    private final LinkedBlockingQueue<byte[]> messages;
    private final ReentrantLock joinLock = new ReentrantLock();
    private final Condition allDone = joinLock.newCondition();
    /** Messages put and not yet marked done (joinable only), under joinLock. */
    private int unfinished;

    /**
     * A queue of at most {@code maxsize} messages (0: unbounded); a {@code joinable} one counts
     * unfinished messages.
     *
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    public HeapQueue(int maxsize, boolean joinable) {
        if (maxsize < 0) throw new IllegalArgumentException("maxsize must be >= 0: " + maxsize);
        this.maxsize = maxsize;
        this.joinable = joinable;
        this.messages = new LinkedBlockingQueue<>(maxsize > 0 ? maxsize : Integer.MAX_VALUE);
    }

    @Override
    public boolean put(byte[] message, long timeoutNanos) throws InterruptedException {
        Objects.requireNonNull(message, "message");
        if (joinable) addUnfinished(1);       // before the message is visible: taskDone cannot precede it
        boolean put = false;
        try {
            if (timeoutNanos == Long.MAX_VALUE) {
                messages.put(message);
                put = true;
            } else {
                put = messages.offer(message, Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
            }
            return put;
        } finally {
            if (joinable && !put) addUnfinished(-1);
        }
    }

    @Override
    public byte[] get(long timeoutNanos) throws InterruptedException {
        if (timeoutNanos == Long.MAX_VALUE) return messages.take();
        return messages.poll(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public int size() {
        return messages.size();
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    @Override
    public void taskDone() {
        joinLock.lock();
        try {
            if (unfinished <= 0) throw QueueCore.tooManyTaskDones();
            addUnfinished(-1);
        } finally {
            joinLock.unlock();
        }
    }

    private void addUnfinished(int delta) {
        joinLock.lock();
        try {
            unfinished += delta;
            if (unfinished == 0) allDone.signalAll();
        } finally {
            joinLock.unlock();
        }
    }

    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        joinLock.lockInterruptibly();
        try {
            return HeapWaits.awaitUntil(allDone, () -> unfinished == 0, timeoutNanos);
        } finally {
            joinLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "HeapQueue[size=" + size() + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
    }
}
