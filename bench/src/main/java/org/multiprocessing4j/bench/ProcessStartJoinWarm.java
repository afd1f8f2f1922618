package org.multiprocessing4j.bench;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.StartMethod;

/**
 * {@code process_start_join_warm_ms}: the median of 15 × (new Process of a no-op, start, join)
 * with the {@link StartMethod#WARM} start method: a JVM booted ahead waits with the library
 * loaded, so a start hands the process to a running JVM; join still waits for that JVM to exit.
 * Untimed: two JVMs pre-started ({@link Multiprocessing#prestart}) and given
 * {@value #SETTLE_MILLIS} ms to boot, and {@value #BETWEEN_MILLIS} ms before each timed start, in
 * which the replacement of the JVM the previous start took boots.
 */
final class ProcessStartJoinWarm implements Workload {

    static final int RUNS = 15;
    static final long SETTLE_MILLIS = 3_000;
    static final long BETWEEN_MILLIS = 1_500;

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
                + " WARM start method, 2 JVMs pre-started untimed (" + SETTLE_MILLIS + " ms to boot), "
                + BETWEEN_MILLIS + " ms untimed before each start (its JVM's replacement boots), after one untimed warm-up");
    }

    @Override
    public double measure() throws Exception {
        StartMethod before = Multiprocessing.getStartMethod();
        Multiprocessing.setStartMethod(StartMethod.WARM);
        try {
            Multiprocessing.prestart(2);
            Thread.sleep(SETTLE_MILLIS);
            ProcessStartJoin.startJoin();             // untimed warm-up: loads and links the hand-off path here
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                Thread.sleep(BETWEEN_MILLIS);
                ms[i] = ProcessStartJoin.startJoin() / 1e6;
            }
            Arrays.sort(ms);
            return ms[RUNS / 2];
        } finally {
            Multiprocessing.setStartMethod(before);   // ends the JVMs left idle
        }
    }
}
