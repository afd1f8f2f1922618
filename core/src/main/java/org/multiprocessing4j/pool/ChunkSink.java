package org.multiprocessing4j.pool;

import java.util.function.Supplier;

/**
 * Where the outcome of a {@link Chunk} goes: the job (a map, an apply, a future) that made it.
 * Called once per chunk, from a pool thread, outside the pool's lock; implementations must be
 * quick and must not throw.
 */
public interface ChunkSink {

    /** The chunk ran; {@code results[i]} is the result of its item i. */
    void completed(Chunk chunk, Object[] results);

    /** The chunk failed; {@code error} gives the exception to throw (a fresh one per call where possible). */
    void failed(Chunk chunk, Supplier<Throwable> error);
}
