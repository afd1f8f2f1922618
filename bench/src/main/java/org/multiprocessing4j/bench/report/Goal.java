package org.multiprocessing4j.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A goal of {@code shared/BENCHMARKS.md}: the ratio Java / CPython must be at most or at least a factor.
 *
 * @param atMost     {@code ≤ factor} if true, {@code ≥ factor} if false
 * @param factor     the bound on the ratio
 * @param versusFork whether the CPython figure compared with is {@code process_start_join_ms} (fork),
 *                   not the workload's own
 */
public record Goal(boolean atMost, double factor, boolean versusFork) {

    /** The goals by workload, in the table's order. */
    static final Map<String, Goal> GOALS = goals();

    private static Map<String, Goal> goals() {
        Map<String, Goal> g = new LinkedHashMap<>();
        g.put("process_start_join_ms", new Goal(true, 1, false));
        g.put("process_start_join_warm_ms", new Goal(true, 1, true));
        g.put("pool_create_ms", new Goal(true, 1, false));
        g.put("pool_map_trivial_tasks_per_s", new Goal(false, 2, false));
        g.put("pool_apply_async_tasks_per_s", new Goal(false, 10, false));
        g.put("pool_imap_unordered_chunk1_tasks_per_s", new Goal(false, 10, false));
        g.put("queue_msgs_per_s", new Goal(false, 10, false));
        g.put("pipe_roundtrip_us", new Goal(true, 0.2, false));
        g.put("locked_increments_per_s", new Goal(false, 3, false));
        g.put("manager_dict_ops_per_s", new Goal(false, 3, false));
        g.put("pipe_bulk_MB_per_s", new Goal(false, 4, false));
        return java.util.Collections.unmodifiableMap(g);
    }

    /** The goal of a workload, if BENCHMARKS.md sets one. */
    public static Optional<Goal> of(String workload) {
        return Optional.ofNullable(GOALS.get(workload));
    }

    /** Whether {@code ratio} meets this goal. */
    public boolean met(double ratio) {
        return atMost ? ratio <= factor : ratio >= factor;
    }

    /**
     * This goal restated on Java's {@linkplain Advantage advantage} instead of the raw ratio: for a
     * unit where lower is better the advantage is {@code 1 / ratio}, so the factor inverts and the
     * direction flips ({@code ≤ 0.2×} on microseconds is {@code ≥ 5×}).
     */
    public Goal onAdvantage(boolean lowerIsBetter) {
        return lowerIsBetter ? new Goal(!atMost, 1 / factor, versusFork) : this;
    }

    /** {@code ≤ 1×}, {@code ≥ 10×}, or {@code ≤ CPython fork}, as the table shows it. */
    public String label() {
        if (versusFork) return "≤ CPython fork";
        return (atMost ? "≤ " : "≥ ") + Advantage.format(factor) + "×";
    }
}
