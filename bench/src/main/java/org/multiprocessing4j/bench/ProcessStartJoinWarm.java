package org.multiprocessing4j.bench;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.StartMethod;

/**
 * {@code process_start_join_warm_ms}: the median of 15 × (new Process of a no-op, start, join)
 * with the {@link StartMethod#WARM} start method: JVMs booted ahead ({@link Multiprocessing#prestart},
 * untimed, given {@value #SETTLE_MILLIS} ms to boot) wait with the library loaded, so a start
 * hands the process to a running JVM. Join still waits for that JVM to exit.
 */
final class ProcessStartJoinWarm implements Workload {

    static final int RUNS = 15;
    static final long SETTLE_MILLIS = 4_000;

    @Override
    public String name() {
        return "process_start_join_warm_ms";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public List<String> comments() {
        return List.of("# process_start_join_warm_ms: median of " + RUNS + " x (new Process(noop), start, join),"
                + " WARM start method, " + (RUNS + 1) + " JVMs pre-started untimed (" + SETTLE_MILLIS
                + " ms to boot), after one untimed warm-up");
    }

    @Override
    public double measure() throws Exception {
        StartMethod before = Multiprocessing.getStartMethod();
        Multiprocessing.setStartMethod(StartMethod.WARM);
        try {
            Multiprocessing.prestart(RUNS + 1);
            Thread.sleep(SETTLE_MILLIS);
            ProcessStartJoin.startJoin();             // untimed warm-up: loads and links the hand-off path here
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) ms[i] = ProcessStartJoin.startJoin() / 1e6;
            Arrays.sort(ms);
            return ms[RUNS / 2];
        } finally {
            Multiprocessing.setStartMethod(before);   // ends the JVMs left idle
        }
    }
}
