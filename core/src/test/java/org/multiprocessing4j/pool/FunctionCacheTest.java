package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link FunctionCache}, the functions a pool worker keeps (and the pool's mirror of it): eviction
 * once there are more than {@link FunctionCache#MAX_ENTRIES} entries or more than
 * {@link FunctionCache#MAX_BYTES} bytes, least recently used first, a {@code get} counting as a
 * use; and, what the pool relies on to send a function only once, that two caches fed the same
 * operations in the same order never disagree on what they hold. No process is started: the sizes
 * are only numbers, nothing that big is allocated.
 */
@Timeout(30)
class FunctionCacheTest {

    private static final int MAX = FunctionCache.MAX_ENTRIES;
    private static final long QUARTER = FunctionCache.MAX_BYTES / 4;

    /** The 257th entry evicts the first one put, and only it. */
    @Test
    void evictsTheOldestEntryOnceThereAreTooMany() {
        FunctionCache<String> cache = new FunctionCache<>();
        for (long id = 0; id < MAX; id++) cache.put(id, "f" + id, 1);
        for (long id = 0; id < MAX; id++) assertEquals("f" + id, cache.get(id), "entry " + id + " below the limit");

        cache.put(MAX, "f" + MAX, 1);

        assertNull(cache.get(0), "the least recently used entry should be evicted");
        for (long id = 1; id <= MAX; id++) assertEquals("f" + id, cache.get(id), "entry " + id);
    }

    /** Exactly {@code MAX_BYTES} is kept; one byte more evicts the oldest entries until it fits. */
    @Test
    void evictsTheOldestEntriesOnceTheyAddUpToTooManyBytes() {
        FunctionCache<String> cache = new FunctionCache<>();
        for (long id = 0; id < 4; id++) cache.put(id, "f" + id, (int) QUARTER);
        for (long id = 0; id < 4; id++) assertNotNull(cache.get(id), "four quarters fit exactly: " + id);

        cache.put(4, "f4", 1);                         // one byte over: the oldest quarter goes
        assertNull(cache.get(0));
        for (long id = 1; id <= 4; id++) assertNotNull(cache.get(id), "entry " + id);

        cache.put(5, "f5", (int) (2 * QUARTER));       // needs two quarters' room: 1 and 2 go
        assertNull(cache.get(1));
        assertNull(cache.get(2));
        for (long id : new long[] {3, 4, 5}) assertNotNull(cache.get(id), "entry " + id);
    }

    /** A function bigger than the whole budget is not kept (it would not fit even alone). */
    @Test
    void doesNotKeepAnEntryLargerThanTheByteLimit() {
        FunctionCache<String> cache = new FunctionCache<>();
        cache.put(1, "huge", (int) (FunctionCache.MAX_BYTES + 1));
        assertNull(cache.get(1));
        cache.put(2, "small", 10);
        assertEquals("small", cache.get(2), "the cache still works after refusing a huge entry");
    }

    /** Putting an id again replaces its size in the byte count rather than adding to it. */
    @Test
    void replacingAnEntryCountsOnlyItsNewSize() {
        FunctionCache<String> cache = new FunctionCache<>();
        cache.put(1, "a", (int) (2 * QUARTER));
        cache.put(1, "b", (int) (2 * QUARTER));        // still half the budget, not all of it
        cache.put(2, "c", (int) (2 * QUARTER));        // exactly full: nothing to evict
        assertEquals("b", cache.get(1));
        assertEquals("c", cache.get(2));
    }

    /** A {@code get} makes an entry the most recently used: the next eviction by count spares it. */
    @Test
    void getRefreshesAnEntryAgainstEvictionByCount() {
        FunctionCache<String> cache = new FunctionCache<>();
        for (long id = 0; id < MAX; id++) cache.put(id, "f" + id, 1);
        assertEquals("f0", cache.get(0));              // 0 is now the most recent; 1 the least

        cache.put(MAX, "new", 1);

        assertEquals("f0", cache.get(0), "a refreshed entry must survive");
        assertNull(cache.get(1), "the least recently used entry is evicted instead");
    }

    /** As above, when the eviction is by bytes. */
    @Test
    void getRefreshesAnEntryAgainstEvictionByBytes() {
        FunctionCache<String> cache = new FunctionCache<>();
        for (long id = 0; id < 4; id++) cache.put(id, "f" + id, (int) QUARTER);
        cache.get(0);
        cache.get(1);                                  // least recent now: 2, 3, 0, 1

        cache.put(4, "new", (int) (2 * QUARTER));

        assertNull(cache.get(2));
        assertNull(cache.get(3));
        assertEquals("f0", cache.get(0));
        assertEquals("f1", cache.get(1));
        assertEquals("new", cache.get(4));
    }

    /** A miss changes nothing: it must not make room, nor count as a use of anything. */
    @Test
    void aMissChangesNothing() {
        FunctionCache<String> cache = new FunctionCache<>();
        for (long id = 0; id < MAX; id++) cache.put(id, "f" + id, 1);
        assertNull(cache.get(-1));
        cache.put(MAX, "new", 1);
        assertNull(cache.get(0), "still the oldest after a miss");
        assertEquals("f1", cache.get(1));
    }

    /**
     * The pool's mirror and the worker's cache, driven exactly as {@code WorkerHandle.encode} and
     * {@code WorkerLoop.runChunk} drive them over a long random stream of chunks (repeated and
     * one-shot functions, small and huge ones): whenever the pool sends only a function's id, the
     * worker has that very function. Otherwise a chunk would fail with "pool worker has no
     * function".
     */
    @Test
    void mirrorAndWorkerCacheAgreeOverAnyStreamOfChunks() {
        Random random = new Random(20240611);
        FunctionCache<Boolean> mirror = new FunctionCache<>();     // the pool's side
        FunctionCache<Object> worker = new FunctionCache<>();      // the worker's side
        int referencesSent = 0;
        for (int chunk = 0; chunk < 200_000; chunk++) {
            long id = nextId(random);
            int size = nextSize(random);
            boolean keep = random.nextInt(10) != 0;                 // one in ten is a one-shot function
            // pool: WorkerHandle.encode
            boolean sendOnlyId = mirror.get(id) != null;
            if (!sendOnlyId && keep) mirror.put(id, Boolean.TRUE, size);
            // worker: WorkerLoop.runChunk
            if (sendOnlyId) {
                referencesSent++;
                assertEquals("function " + id, worker.get(id), "chunk " + chunk + ": the pool sent only the id of function "
                        + id + " but the worker does not have it");
            } else if (keep) {
                worker.put(id, "function " + id, size);
            }
        }
        assertTrue(referencesSent > 10_000, "the stream should exercise cache hits, had " + referencesSent);
        for (long id = 0; id < 2_000; id++) {
            assertEquals(mirror.get(id) != null, worker.get(id) != null, "the caches disagree on " + id);
        }
    }

    /**
     * Against a plain reference model (a list, least recent first; evict from the front while over
     * either limit), over random puts and gets: the cache holds exactly what the model holds.
     */
    @Test
    void behavesAsASimpleLeastRecentlyUsedModel() {
        Random random = new Random(7);
        FunctionCache<Long> cache = new FunctionCache<>();
        List<long[]> model = new ArrayList<>();                   // {id, size}, least recently used first
        for (int op = 0; op < 50_000; op++) {
            long id = nextId(random);
            if (random.nextBoolean()) {
                int size = nextSize(random);
                cache.put(id, id, size);
                model.removeIf(e -> e[0] == id);
                model.add(new long[] {id, size});
                while (!model.isEmpty() && (model.size() > MAX || bytes(model) > FunctionCache.MAX_BYTES)) model.removeFirst();
            } else {
                Long got = cache.get(id);
                long[] entry = model.stream().filter(e -> e[0] == id).findFirst().orElse(null);
                if (entry == null) {
                    assertNull(got, "op " + op + ": the cache has " + id + ", the model does not");
                } else {
                    assertNotNull(got, "op " + op + ": the model has " + id + ", the cache does not");
                    assertEquals(id, got.longValue(), "op " + op + ": wrong value");
                    model.remove(entry);
                    model.add(entry);
                }
            }
        }
    }

    /** Mostly a few hundred ids (so both limits are reached), sometimes one of a thousand more. */
    private static long nextId(Random random) {
        return random.nextInt(4) == 0 ? random.nextInt(2_000) : random.nextInt(300);
    }

    /** Mostly small functions, sometimes a big capture (up to a quarter of the budget, or a huge one). */
    private static int nextSize(Random random) {
        int kind = random.nextInt(100);
        if (kind < 90) return 1 + random.nextInt(64 * 1024);
        if (kind < 99) return 1 + random.nextInt((int) QUARTER);
        return (int) FunctionCache.MAX_BYTES + random.nextInt(1024);
    }

    private static long bytes(List<long[]> model) {
        long sum = 0;
        for (long[] e : model) sum += e[1];
        return sum;
    }
}
