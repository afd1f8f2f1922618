package org.multiprocessing4j.bench.report;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and when figures were taken, from the runners' first comment lines
 * ({@code # java 25.0.3+9-LTS (...), 2026-11-22T01:29:26Z, 2 cpus, ...} and
 * {@code # cpython 3.11.7 fork, 2026-11-22T01:29:31+00:00, 2 cpus, ...}).
 *
 * @param date   the first Java run's date, {@code 2026-11-22}, or {@code ?}
 * @param cpus   the CPU count the Java runner saw, or {@code ?}
 * @param jdk    the Java version, {@code 25.0.3}, or {@code ?}
 * @param python CPython's version and start method, {@code 3.11.7 fork}, or {@code ?}
 */
public record Provenance(String date, String cpus, String jdk, String python) {

    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T");
    private static final Pattern CPUS = Pattern.compile("(\\d+) cpus");
    private static final Pattern JDK = Pattern.compile("^#\\s*java (\\d+(?:\\.\\d+)*)");
    private static final Pattern PYTHON = Pattern.compile("^#\\s*cpython (\\S+) (\\w+),");

    /** Reads the provenance from the first Java and the first CPython run. */
    public static Provenance of(SideBySide report) {
        String java = first(report.java());
        String python = first(report.python());
        Matcher py = PYTHON.matcher(python);
        return new Provenance(group(DATE, java), group(CPUS, java), group(JDK, java),
                py.find() ? py.group(1) + " " + py.group(2) : "?");
    }

    /** {@code 2026-11-22, 2 cpus, JDK 25.0.3 vs CPython 3.11.7 (fork)}. */
    public String line() {
        String[] py = python.split(" ", 2);
        return date + ", " + cpus + " cpus, JDK " + jdk + " vs CPython " + py[0]
                + (py.length > 1 ? " (" + py[1] + ")" : "");
    }

    private static String first(List<RunnerOutput> runs) {
        return runs.isEmpty() || runs.getFirst().comments().isEmpty() ? "" : runs.getFirst().comments().getFirst();
    }

    private static String group(Pattern pattern, String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? m.group(1) : "?";
    }
}
