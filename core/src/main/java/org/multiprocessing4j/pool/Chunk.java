package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialize.ByteWriter;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.multiprocessing4j.serialize.Serializer;

/**
 * The unit a pool sends to a worker: a function and one or more items, each a tuple of
 * arguments, serialized in the caller's thread when the chunk is made (so an argument that cannot
 * travel fails the call that gave it). A worker runs the items in order and returns their results
 * together, or the first exception.
 *
 * <p>The fields after the constructor's are the engine's, guarded by its lock.
 */
public final class Chunk {

    final FunctionRef function;
    final int arity;
    final int count;
    final byte[] items;
    final ChunkSink sink;
    final int index;
    /** Whether the worker keeps the function for later chunks: false for a one-shot task capturing state. */
    final boolean cacheFunction;

    /** Numbers the chunk in its pool; the worker's reply repeats it. */
    long seq;
    /** The worker running or about to run it; null while pending. */
    WorkerHandle worker;
    /** When it started running (became its worker's head), for the task timeout. */
    long startedNanos;
    ScheduledFuture<?> timeoutCheck;
    boolean cancelled;
    /** Workers lost while holding it, on a site that runs such chunks again. */
    int losses;

    /**
     * A chunk of {@code items.size()} items, its function kept by the worker for later chunks.
     *
     * @param items for a function of one argument, the arguments themselves; otherwise each an
     *              {@code Object[]} of {@code arity} arguments
     * @param index the chunk's place in its job (its position in a map), given back to {@code sink}
     * @throws org.multiprocessing4j.SerializationException if an argument cannot be serialized
     */
    public Chunk(FunctionRef function, int arity, List<?> items, ChunkSink sink, int index) {
        this(function, arity, items, sink, index, true);
    }

    /** As above; {@code cacheFunction} false if no other chunk will use this function. */
    public Chunk(FunctionRef function, int arity, List<?> items, ChunkSink sink, int index, boolean cacheFunction) {
        this.cacheFunction = cacheFunction;
        this.function = function;
        this.arity = arity;
        this.count = items.size();
        this.sink = sink;
        this.index = index;
        ByteWriter out = new ByteWriter(16 * count + 16);
        Serializer serializer = Serializer.standard();
        for (Object item : items) {
            if (arity == 1) {
                out.putBytes(serializer.serialize(item));
                continue;
            }
            Object[] tuple = (Object[]) item;
            if (tuple.length != arity) throw new IllegalArgumentException("expected " + arity + " arguments, not " + tuple.length);
            for (Object arg : tuple) out.putBytes(serializer.serialize(arg));
        }
        this.items = out.toByteArray();
    }

    /** An upper bound of the size of its message to a worker (the function counted even if cached there). */
    long messageBytes() {
        return 64L + function.bytes().length + items.length;
    }

    /** The chunk's place in its job. */
    public int index() {
        return index;
    }

    /** Where its outcome goes. */
    public ChunkSink sink() {
        return sink;
    }

    /** How many items it holds. */
    public int count() {
        return count;
    }
}
