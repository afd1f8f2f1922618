package org.multiprocessing4j.bench;

import java.util.Arrays;
import java.util.List;
import org.multiprocessing4j.Process;

/**
 * {@code process_start_join_ms}: the median of 15 × (new Process of a no-op, start, join) with
 * the default start method (a fresh child JVM), after one untimed warm-up process.
 */
final class ProcessStartJoin implements Workload {

    static final int RUNS = 15;

    @Override
    public String name() {
        return "process_start_join_ms";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public List<String> comments() {
        return List.of("# process_start_join_ms: median of " + RUNS
                + " x (new Process(noop), start, join), default launcher (fresh child JVM), after one untimed warm-up");
    }

    static void noop() {
        // the child's whole job
    }

    @Override
    public double measure() throws Exception {
        startJoin();                                  // untimed warm-up: loads and links the spawn path here
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) ms[i] = startJoin() / 1e6;
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    /** One new-start-join cycle with the start method in use, in nanoseconds. */
    static long startJoin() throws InterruptedException {
        long t0 = System.nanoTime();
        Process p = new Process(ProcessStartJoin::noop);
        p.start();
        p.join();
        long elapsed = System.nanoTime() - t0;
        int code = p.exitCode().orElse(-1);
        p.close();
        if (code != 0) throw new IllegalStateException("no-op child exited with " + code);
        return elapsed;
    }
}
