package org.multiprocessing4j.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * The raw outputs of one or more {@code bench/run --both} directories, gathered per workload.
 *
 * @param directories the directories read
 * @param rounds      the number of rounds found in each directory
 * @param java        every Java run, in order
 * @param python      every CPython run, in order
 * @param rows        one row per workload that either side ran: the goals' order, then the others by name
 */
public record SideBySide(List<Path> directories, List<Integer> rounds, List<RunnerOutput> java,
                         List<RunnerOutput> python, List<Row> rows) {

    /** Reads {@code DIR/java-I.txt} and {@code DIR/python-I.txt}, I = 1, 2, ... while both exist, in each directory. */
    public static SideBySide read(List<Path> directories) {
        List<Integer> rounds = new ArrayList<>();
        List<RunnerOutput> java = new ArrayList<>();
        List<RunnerOutput> python = new ArrayList<>();
        for (Path dir : directories) {
            int i = 1;
            for (; Files.exists(dir.resolve("java-" + i + ".txt")) && Files.exists(dir.resolve("python-" + i + ".txt")); i++) {
                java.add(RunnerOutput.read(dir.resolve("java-" + i + ".txt")));
                python.add(RunnerOutput.read(dir.resolve("python-" + i + ".txt")));
            }
            if (i == 1) throw new IllegalArgumentException(dir + ": no java-1.txt and python-1.txt");
            rounds.add(i - 1);
        }
        return of(directories, rounds, java, python);
    }

    /** Gathers the runs into rows. */
    public static SideBySide of(List<Path> directories, List<Integer> rounds, List<RunnerOutput> java,
                                List<RunnerOutput> python) {
        Set<String> present = new TreeSet<>();
        for (RunnerOutput run : java) present.addAll(run.figures().keySet());
        for (RunnerOutput run : python) present.addAll(run.figures().keySet());
        Set<String> names = new LinkedHashSet<>();
        for (String name : Goal.GOALS.keySet()) if (present.contains(name)) names.add(name);
        names.addAll(present);

        List<Double> pythonFork = values(python, "process_start_join_ms");
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            String unit = unit(java, name).or(() -> unit(python, name)).orElseThrow();
            List<Double> j = values(java, name);
            List<Double> p = values(python, name);
            Optional<Goal> goal = Goal.of(name);
            OptionalDouble reference = goal.isPresent() && goal.get().versusFork()
                    ? Row.best(pythonFork, "ms") : Row.best(p, unit);
            rows.add(new Row(name, unit, j, p, reference, goal));
        }
        return new SideBySide(List.copyOf(directories), List.copyOf(rounds), List.copyOf(java),
                List.copyOf(python), List.copyOf(rows));
    }

    private static List<Double> values(List<RunnerOutput> runs, String name) {
        List<Double> values = new ArrayList<>();
        for (RunnerOutput run : runs) {
            Figure f = run.figures().get(name);
            if (f != null) values.add(f.value());
        }
        return values;
    }

    private static Optional<String> unit(List<RunnerOutput> runs, String name) {
        return runs.stream().map(r -> r.figures().get(name)).filter(f -> f != null).map(Figure::unit).findFirst();
    }
}
