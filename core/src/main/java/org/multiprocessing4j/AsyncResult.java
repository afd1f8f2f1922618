package org.multiprocessing4j;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.multiprocessing4j.serialize.ExceptionForm;
import org.multiprocessing4j.shm.Deadline;

/**
 * The result of a {@link Pool}'s {@code applyAsync}, {@code mapAsync} or {@code starmapAsync}:
 * CPython's {@code AsyncResult}.
 *
 * <p>{@link #get()} returns the value, or throws the task's exception as the same type, with the
 * worker's stack trace attached as a {@link RemoteTraceback} cause; a checked exception is thrown
 * wrapped in a {@link java.util.concurrent.CompletionException}. A task whose worker died throws
 * {@link WorkerLostException}; one cancelled by {@link Pool#terminate()},
 * {@link java.util.concurrent.CancellationException}.
 *
 * <p>The callbacks given with the call run once, in a pool thread, when the result is in and
 * before it is ready, so that a {@code get()} or {@code await()} that returns finds them done (as
 * in CPython): keep them short, and do not wait there for this or other results of the same pool.
 *
 * <p>Thread-safe.
 *
 * @param <T> the result type
 */
public final class AsyncResult<T> {

    /** Set by the first outcome; the callback runs before {@link #future} completes and wakes the waiters. */
    private final AtomicBoolean settled = new AtomicBoolean();
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Consumer<? super T> callback;
    private final Consumer<? super Throwable> errorCallback;
    /** Makes a fresh exception for each {@code get()}; set before {@link #future} completes. */
    private volatile Supplier<Throwable> error;

    AsyncResult(Consumer<? super T> callback, Consumer<? super Throwable> errorCallback) {
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    /**
     * Sets the value, unless already settled; runs the callback, then wakes the waiters: as in
     * CPython, a {@code get()} that returns finds the callback done.
     */
    void complete(T result) {
        if (!settled.compareAndSet(false, true)) return;
        if (callback != null) runCallback(() -> callback.accept(result));
        future.complete(result);
    }

    /** Sets the failure, unless already settled; runs the error callback, then wakes the waiters. */
    void fail(Supplier<Throwable> cause) {
        if (!settled.compareAndSet(false, true)) return;
        error = cause;
        if (errorCallback != null) runCallback(() -> errorCallback.accept(cause.get()));
        future.completeExceptionally(cause.get());
    }

    private static void runCallback(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            Multiprocessing.getLogger().log(Level.WARNING, "a pool callback threw", e);
        }
    }

    /** Waits for the result and returns it, or throws the task's exception; see the class comment. */
    public T get() throws InterruptedException {
        await();
        return outcome();
    }

    /**
     * Waits at most {@code timeout} for the result; see {@link #get()}.
     *
     * @throws TimeoutException if it is not ready in time (the task goes on)
     */
    public T get(Duration timeout) throws InterruptedException, TimeoutException {
        if (!await(timeout)) throw new TimeoutException("the result was not ready within " + timeout);
        return outcome();
    }

    private T outcome() {
        Supplier<Throwable> e = error;
        if (e != null) throw ExceptionForm.unchecked(e.get());
        return future.join();
    }

    /** Waits until the result is ready. */
    public void await() throws InterruptedException {
        try {
            future.get();
        } catch (ExecutionException | CancellationException failed) {
            // ready: get() throws it, as a fresh instance
        }
    }

    /** Waits at most {@code timeout} until the result is ready; true if it is. */
    public boolean await(Duration timeout) throws InterruptedException {
        try {
            future.get(Deadline.nanos(timeout), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | CancellationException failed) {
            // ready: get() throws it, as a fresh instance
        } catch (TimeoutException notYet) {
            return false;
        }
        return true;
    }

    /** True once the result is ready (a value or an exception). */
    public boolean ready() {
        return future.isDone();
    }

    /**
     * True if the task completed without an exception.
     *
     * @throws IllegalStateException if the result is not ready yet
     */
    public boolean successful() {
        if (!ready()) throw new IllegalStateException("the result is not ready yet");
        return error == null;
    }

    /** A {@link CompletableFuture} completed with the result or the exception, for composing. */
    public CompletableFuture<T> toCompletableFuture() {
        return future.copy();
    }

    @Override
    public String toString() {
        return "AsyncResult[" + (!ready() ? "pending" : error == null ? "successful" : "failed") + "]";
    }
}
