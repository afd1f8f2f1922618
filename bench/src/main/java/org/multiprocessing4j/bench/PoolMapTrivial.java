package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Pool;

/**
 * {@code pool_map_trivial_tasks_per_s}: {@code map(x -> x * 2)} over 200,000 Integers with the
 * default chunking, in a pool of 2 made (and its workers started) outside the timed part; tasks per
 * second.
 *
 * <p>Before the timed map, in the same pool, an untimed JIT warm-up maps over
 * {@value #DEFAULT_JIT_WARMUP} items by default, in maps of the timed size (so the parent and both workers have compiled the
 * path; CPython has no JIT to warm); {@code -Dbench.pool.map.warmup=0} gives the cold figure.
 */
final class PoolMapTrivial implements Workload {

    static final int N = 200_000;
    static final int DEFAULT_JIT_WARMUP = 3_000_000;

    private final JitWarmup jitWarmup = JitWarmup.of("bench.pool.map.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "pool_map_trivial_tasks_per_s";
    }

    @Override
    public String unit() {
        return "tasks/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# pool_map_trivial_tasks_per_s: Pool(" + Pools.PROCESSES + ") started untimed, "
                + jitWarmup.describe("items mapped") + ", then map(x -> x * 2) over " + N
                + " Integers, default chunking, timed");
    }

    @Override
    public double measure() throws Exception {
        List<Integer> items = Pools.range(N);
        try (Pool pool = Pools.started()) {
            for (int round = 0; round < jitWarmup.roundsOf(N); round++) Pools.check(pool.map(Pools::twice, items), N);
            long t0 = System.nanoTime();
            List<Integer> out = pool.map(Pools::twice, items);
            long elapsed = System.nanoTime() - t0;
            Pools.check(out, N);
            return N / (elapsed / 1e9);
        }
    }
}
