package org.multiprocessing4j.bench;

import java.util.Iterator;
import java.util.List;
import org.multiprocessing4j.Pool;

/**
 * {@code pool_imap_unordered_chunk1_tasks_per_s}: the sum of {@code imapUnordered(x -> x * 2)}
 * over 20,000 Integers with chunk size 1, in a pool of 2 made (and its workers started) outside
 * the timed part; tasks per second.
 *
 * <p>Before it, in the same pool, an untimed JIT warm-up does the same over
 * {@value #DEFAULT_JIT_WARMUP} items by default; {@code -Dbench.pool.imap.warmup=0} gives the cold
 * figure.
 */
final class PoolImapUnordered implements Workload {

    static final int N = 20_000;
    static final int DEFAULT_JIT_WARMUP = 400_000;

    private final JitWarmup jitWarmup = JitWarmup.of("bench.pool.imap.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "pool_imap_unordered_chunk1_tasks_per_s";
    }

    @Override
    public String unit() {
        return "tasks/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# pool_imap_unordered_chunk1_tasks_per_s: Pool(" + Pools.PROCESSES + ") started untimed, "
                + jitWarmup.describe("items") + ", then the sum of imapUnordered(x -> x * 2, chunk size 1) over "
                + N + " Integers, timed");
    }

    @Override
    public double measure() throws Exception {
        List<Integer> items = Pools.range(N);
        try (Pool pool = Pools.started()) {
            for (int round = 0; round < jitWarmup.roundsOf(N); round++) {
                if (sum(pool, items) != Pools.sumOfDoubles(N)) throw new IllegalStateException("imap_unordered: wrong warm-up sum");
            }
            long t0 = System.nanoTime();
            long total = sum(pool, items);
            long elapsed = System.nanoTime() - t0;
            if (total != Pools.sumOfDoubles(N)) throw new IllegalStateException("imap_unordered: sum " + total);
            return N / (elapsed / 1e9);
        }
    }

    private static long sum(Pool pool, List<Integer> items) {
        long total = 0;
        for (Iterator<Integer> it = pool.imapUnordered(Pools::twice, items, 1); it.hasNext(); ) total += it.next();
        return total;
    }
}
