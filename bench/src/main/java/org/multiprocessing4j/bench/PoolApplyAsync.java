package org.multiprocessing4j.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.Pool;

/**
 * {@code pool_apply_async_tasks_per_s}: 20,000 × {@code applyAsync(x -> x * 2, i)}, then
 * {@code get()} of every result, in a pool of 2 made (and its workers started) outside the timed
 * part; tasks per second.
 *
 * <p>Before them, in the same pool, an untimed JIT warm-up does the same with
 * {@value #DEFAULT_JIT_WARMUP} tasks by default; {@code -Dbench.pool.apply.warmup=0} gives the cold
 * figure.
 */
final class PoolApplyAsync implements Workload {

    static final int N = 20_000;
    static final int DEFAULT_JIT_WARMUP = 400_000;
    /** A bound on each wait, so a lost task fails the run instead of hanging it. */
    private static final Duration GET_TIMEOUT = Duration.ofMinutes(2);

    private final JitWarmup jitWarmup = JitWarmup.of("bench.pool.apply.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "pool_apply_async_tasks_per_s";
    }

    @Override
    public String unit() {
        return "tasks/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# pool_apply_async_tasks_per_s: Pool(" + Pools.PROCESSES + ") started untimed, "
                + jitWarmup.describe("tasks") + ", then " + N + " x applyAsync(x -> x * 2, i) and every get(), timed");
    }

    @Override
    public double measure() throws Exception {
        try (Pool pool = Pools.started()) {
            for (int round = 0; round < jitWarmup.roundsOf(N); round++) applyAll(pool, N);
            long t0 = System.nanoTime();
            long total = applyAll(pool, N);
            long elapsed = System.nanoTime() - t0;
            if (total != Pools.sumOfDoubles(N)) throw new IllegalStateException("apply_async: sum " + total);
            return N / (elapsed / 1e9);
        }
    }

    /** Submits {@code n} tasks, then gets every result; returns their sum. */
    private static long applyAll(Pool pool, int n) throws Exception {
        List<AsyncResult<Integer>> results = new ArrayList<>(n);
        for (int i = 0; i < n; i++) results.add(pool.applyAsync(Pools::twice, i));
        long total = 0;
        for (AsyncResult<Integer> r : results) total += r.get(GET_TIMEOUT);
        return total;
    }
}
