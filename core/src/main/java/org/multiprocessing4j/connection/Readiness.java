package org.multiprocessing4j.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.multiprocessing4j.shm.Deadline;

/**
 * Waits, up to a deadline, for one non-blocking channel to become ready for one operation, on a
 * selector of its own. Unlike a blocking channel operation, which closes the channel when its
 * thread is interrupted, an interrupt here only ends the wait; and {@link #close()} releases a
 * thread waiting here.
 *
 * <p>Used by one thread at a time: the caller holds its own lock around every wait.
 */
final class Readiness {

    private static final Consumer<SelectionKey> IGNORE = key -> { };

    private final Selector selector;
    private final String waitingFor;
    private boolean deferredInterrupt;

    /**
     * @param waitingFor what a wait is for, for the message of an interrupted one ("to receive")
     */
    Readiness(SelectableChannel channel, int operation, String waitingFor) throws IOException {
        this.selector = Selector.open();
        this.waitingFor = waitingFor;
        try {
            channel.register(selector, operation);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /**
     * Waits until the channel may be ready (the caller retries its operation), or the deadline
     * passes.
     *
     * @param interruptible true: an interrupt ends the wait with {@link InterruptedIOException},
     *                      the interrupt status kept set; false: it is put aside until
     *                      {@link #restoreInterrupt()}, so that a message half transferred is finished
     * @return false if the deadline has passed, without waiting
     * @throws AsynchronousCloseException if this was closed, before or during the wait
     */
    boolean await(long deadline, boolean interruptible) throws IOException {
        long remaining = Deadline.remaining(deadline);
        if (remaining <= 0) return false;
        if (Thread.currentThread().isInterrupted()) {
            if (interruptible) throw new InterruptedIOException("interrupted while waiting " + waitingFor);
            Thread.interrupted();
            deferredInterrupt = true;
        }
        try {
            if (remaining == Deadline.NEVER) {
                selector.select(IGNORE);
            } else {
                selector.select(IGNORE, TimeUnit.NANOSECONDS.toMillis(remaining - 1) + 1);
            }
        } catch (ClosedSelectorException e) {
            throw new AsynchronousCloseException();
        }
        if (!selector.isOpen()) throw new AsynchronousCloseException();
        return true;
    }

    /** Sets the interrupt status again if a non-interruptible wait put an interrupt aside. */
    void restoreInterrupt() {
        if (deferredInterrupt) {
            deferredInterrupt = false;
            Thread.currentThread().interrupt();
        }
    }

    /** Releases a thread waiting here (it gets {@link AsynchronousCloseException}); idempotent. */
    void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // closing an epoll descriptor does not fail in a way anyone could act upon
        }
    }
}
