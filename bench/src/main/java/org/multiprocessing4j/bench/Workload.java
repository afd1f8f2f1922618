package org.multiprocessing4j.bench;

import java.util.List;

/**
 * One row of the benchmark table in {@code shared/BENCHMARKS.md}: a named measurement with a unit.
 * Adding a workload is one class implementing this and one line in {@link Bench#IMPLEMENTED}.
 *
 * <p>{@link #measure()} times only the part the table names (not JVM boots of the runner, not the
 * setup around it), cleans up after itself (children joined, connections closed, so no segment is
 * left in {@code /dev/shm}) and returns one figure in {@link #unit()}.
 */
interface Workload {

    /** The name in the table, e.g. {@code pipe_roundtrip_us}. */
    String name();

    /** The unit printed after the figure, e.g. {@code us} or {@code MB/s}. */
    String unit();

    /** True for durations (ms, us: best is the minimum), false for rates (best is the maximum). */
    default boolean lowerIsBetter() {
        return unit().equals("ms") || unit().equals("us");
    }

    /** Comment lines ({@code # ...}) printed just before the workload's line: how it was measured. */
    default List<String> comments() {
        return List.of();
    }

    /** Runs the workload once and returns its figure. */
    double measure() throws Exception;
}
