package org.multiprocessing4j.bench;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.StartMethod;

/**
 * {@code pool_create_ms}: the median of {@value #RUNS} × (from {@code new Pool(2)} until a
 * one-item {@code map} has returned), after one untimed such pool that loads and links the pool's
 * code in this JVM. Each pool is closed (its workers joined) outside the timed part.
 *
 * <p>By default under the {@link StartMethod#WARM} start method: the untimed pool's workers are
 * replaced by JVMs booted ahead, and each timed pool finds its two workers' JVMs booted (given
 * {@value #SETTLE_MILLIS} ms, untimed, before it). System property {@code bench.pool.create.start}
 * set to {@code SPAWN} gives the cold figure (two fresh JVMs per pool).
 */
final class PoolCreate implements Workload {

    static final int RUNS = 5;
    static final long SETTLE_MILLIS = 1_500;

    private final StartMethod method = StartMethod.valueOf(
            System.getProperty("bench.pool.create.start", StartMethod.WARM.name()));
    private static final List<Integer> ONE_ITEM = List.of(1);

    @Override
    public String name() {
        return "pool_create_ms";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public List<String> comments() {
        return List.of("# pool_create_ms: median of " + RUNS + " x (new Pool(" + Pools.PROCESSES
                + "), map over one item), close untimed, after one untimed warm-up pool; start method " + method
                + (method == StartMethod.WARM ? " (workers' JVMs booted ahead, " + SETTLE_MILLIS + " ms untimed before each pool)"
                        : " (fresh JVMs)") + " (bench.pool.create.start)");
    }

    @Override
    public double measure() throws Exception {
        StartMethod before = Multiprocessing.getStartMethod();
        Multiprocessing.setStartMethod(method);
        try {
            createAndMap();                             // untimed warm-up
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                if (method == StartMethod.WARM) Thread.sleep(SETTLE_MILLIS);
                ms[i] = createAndMap() / 1e6;
            }
            Arrays.sort(ms);
            return ms[RUNS / 2];
        } finally {
            Multiprocessing.setStartMethod(before);     // ends the JVMs left idle
        }
    }

    /** One pool made and used once, in nanoseconds; its close is not counted. */
    private static long createAndMap() throws InterruptedException {
        long t0 = System.nanoTime();
        Pool pool = new Pool(Pools.PROCESSES);
        try {
            List<Integer> out = pool.map(Pools::twice, ONE_ITEM);
            long elapsed = System.nanoTime() - t0;
            if (!out.equals(List.of(2))) throw new IllegalStateException("pool: map over [1] gave " + out);
            return elapsed;
        } finally {
            pool.close();
        }
    }
}
