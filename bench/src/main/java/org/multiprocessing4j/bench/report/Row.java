package org.multiprocessing4j.bench.report;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One workload side by side: every figure each runner gave, and the goal.
 *
 * @param name      the workload
 * @param unit      its unit
 * @param java      the Java runner's figures, one per round that has it
 * @param python    CPython's figures, one per round that has it
 * @param reference the CPython figure the goal compares with: the best of {@code python}, or of
 *                  CPython's {@code process_start_join_ms} for a goal {@linkplain Goal#versusFork versus fork}
 * @param goal      the goal, if BENCHMARKS.md sets one
 */
public record Row(String name, String unit, List<Double> java, List<Double> python,
                  OptionalDouble reference, Optional<Goal> goal) {

    /** The best of the figures: the minimum for a time, the maximum for a rate. */
    public static OptionalDouble best(List<Double> values, String unit) {
        var stream = values.stream().mapToDouble(Double::doubleValue);
        return Figure.lowerIsBetter(unit) ? stream.min() : stream.max();
    }

    /** The Java runner's best figure. */
    public OptionalDouble javaBest() {
        return best(java, unit);
    }

    /** CPython's best figure. */
    public OptionalDouble pythonBest() {
        return best(python, unit);
    }

    /** Java / CPython, best against best, if both ran (and CPython's is not 0). */
    public OptionalDouble ratio() {
        return divide(javaBest(), pythonBest());
    }

    /** Java / the goal's {@link #reference}: the ratio the goal is about. */
    public OptionalDouble goalRatio() {
        return divide(javaBest(), reference);
    }

    /** Whether the goal is met; empty without a goal or a figure. */
    public Optional<Boolean> met() {
        OptionalDouble r = goalRatio();
        return r.isEmpty() ? Optional.empty() : goal.map(g -> g.met(r.getAsDouble()));
    }

    /** Java's {@link Advantage} over the goal's reference (above 1: Java is better). */
    public OptionalDouble advantage() {
        OptionalDouble r = goalRatio();
        return r.isEmpty() ? r : OptionalDouble.of(Advantage.of(r.getAsDouble(), Figure.lowerIsBetter(unit)));
    }

    /** The goal restated on {@link #advantage()}. */
    public Optional<Goal> goalOnAdvantage() {
        return goal.map(g -> g.onAdvantage(Figure.lowerIsBetter(unit)));
    }

    private static OptionalDouble divide(OptionalDouble a, OptionalDouble b) {
        if (a.isEmpty() || b.isEmpty() || b.getAsDouble() == 0) return OptionalDouble.empty();
        return OptionalDouble.of(a.getAsDouble() / b.getAsDouble());
    }
}
