package org.multiprocessing4j.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs a Hazelcast call that must not be cut short by an interrupt. A Hazelcast call interrupted
 * while waiting for its answer throws, yet the member carries it out: a {@code poll} would lose
 * its item, a counter change would be applied and then undone twice. Such calls run on a virtual
 * thread and the caller waits for them uninterruptibly (a non-blocking call answers within a
 * round trip); an interrupt stays pending for the caller's next wait. Not for calls whose effect
 * belongs to the calling thread (IMap locks).
 *
 * <p>Thread-safe.
 */
final class RoundTrips {

    private static final ExecutorService VIRTUAL = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mp4j-cluster-call-", 0).factory());

    private RoundTrips() {
    }

    /** The result of {@code call}, run to its end whatever interrupts the caller. */
    static <T> T uninterruptibly(Supplier<T> call) {
        try {
            return CompletableFuture.supplyAsync(call, VIRTUAL).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error error) throw error;
            throw e;
        }
    }
}
