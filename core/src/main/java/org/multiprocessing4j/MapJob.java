package org.multiprocessing4j;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.multiprocessing4j.pool.Chunk;
import org.multiprocessing4j.pool.ChunkSink;
import org.multiprocessing4j.pool.ProgressBar;

/**
 * The results of a {@code map}, {@code starmap} or {@code apply}: one slot per item, filled
 * chunk by chunk in any order; ready as a list in input order once every chunk is in, or failed
 * at the first chunk that fails (the others still run, as in CPython).
 *
 * <p>Thread-safe: chunks complete in pool threads; the last one to complete publishes the list.
 */
final class MapJob<R> implements ChunkSink {

    private final AsyncResult<List<R>> result;
    private final Object[] values;
    private final int chunksize;
    private final AtomicInteger remaining;
    private final ProgressBar progress;
    private volatile boolean abandoned;

    MapJob(AsyncResult<List<R>> result, int items, int chunksize, int chunks, ProgressBar progress) {
        this.result = result;
        this.values = new Object[items];
        this.chunksize = chunksize;
        this.remaining = new AtomicInteger(chunks);
        this.progress = progress;
        if (chunks == 0) done();
    }

    /** The call that made this job failed while submitting it: outcomes of chunks already submitted are dropped. */
    void abandon() {
        abandoned = true;
        if (progress != null) progress.finish();
    }

    @Override
    public void completed(Chunk chunk, Object[] results) {
        if (abandoned) return;
        System.arraycopy(results, 0, values, chunk.index() * chunksize, results.length);
        if (progress != null) progress.advance(results.length);
        if (remaining.decrementAndGet() == 0) done();
    }

    @SuppressWarnings("unchecked")
    private void done() {
        if (progress != null) progress.finish();
        result.complete((List<R>) Collections.unmodifiableList(Arrays.asList(values)));
    }

    @Override
    public void failed(Chunk chunk, Supplier<Throwable> error) {
        if (abandoned) return;
        if (progress != null) progress.finish();
        result.fail(error);
    }
}
