package org.multiprocessing4j.bench;

import java.util.List;
import java.util.Map;
import org.multiprocessing4j.Manager;

/**
 * {@code manager_dict_ops_per_s}: from the parent, 10,000 puts then 10,000 gets through a
 * started manager's dict proxy, both phases timed together (manager start and stop untimed).
 *
 * <p>Before that (untimed, same manager, another dict) a JIT warm-up of
 * {@value #DEFAULT_JIT_WARMUP} puts and gets lets both JVMs compile the request path, so the
 * figure is the steady state. System property {@code bench.manager.warmup} changes the count
 * (0: none, to see the cold figure).
 */
final class ManagerDictOps implements Workload {

    static final int N = 10_000;
    static final int DEFAULT_JIT_WARMUP = 200_000;

    private final JitWarmup jitWarmup = JitWarmup.of("bench.manager.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "manager_dict_ops_per_s";
    }

    @Override
    public String unit() {
        return "ops/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# manager_dict_ops_per_s: " + jitWarmup.describe("operations") + ", then " + N
                + " puts and " + N + " gets timed");
    }

    @Override
    public double measure() {
        try (Manager manager = Manager.start()) {
            Map<Integer, Integer> warm = manager.dict();
            for (int i = 0; i < jitWarmup.count() / 2; i++) warm.put(i % N, i);
            for (int i = 0; i < jitWarmup.count() / 2; i++) warm.get(i % N);
            warm.clear();
            Map<Integer, Integer> d = manager.dict();
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) d.put(i, i);
            for (int i = 0; i < N; i++) {
                if (d.get(i) != i) throw new IllegalStateException("wrong value at " + i);
            }
            long elapsed = System.nanoTime() - t0;
            return 2.0 * N / (elapsed / 1e9);
        }
    }
}
