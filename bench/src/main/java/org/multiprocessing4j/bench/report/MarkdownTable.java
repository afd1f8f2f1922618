package org.multiprocessing4j.bench.report;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Prints the side-by-side table: the runners' first comment lines, a markdown table of the best
 * figure per side, the ratio Java / CPython and the goal, then every run's figures as comments.
 */
public final class MarkdownTable {

    private static final List<String> HEADER = List.of("workload", "Java", "CPython", "ratio", "goal", "met");

    private MarkdownTable() {
    }

    /** Prints the table of {@code report} to {@code out}. */
    public static void print(SideBySide report, PrintStream out) {
        firstComment(report.java()).ifPresent(c -> out.println("# Java: " + c));
        firstComment(report.python()).ifPresent(c -> out.println("# CPython: " + c));
        String rounds = report.rounds().stream().map(String::valueOf).collect(Collectors.joining(" + "));
        String dirs = report.directories().stream().map(Path::toString).collect(Collectors.joining(", "));
        out.println("# best of " + rounds + " alternating rounds (java, python, ...); ratio = Java / CPython; "
                + "raw output in " + dirs);

        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row row : report.rows()) {
            cells.add(List.of(row.name(), figure(row.javaBest(), row.unit()), figure(row.pythonBest(), row.unit()),
                    row.ratio().isPresent() ? String.format(Locale.ROOT, "%.2f×", row.ratio().getAsDouble()) : "—",
                    row.goal().map(Goal::label).orElse(""),
                    row.met().map(m -> m ? "yes" : "no").orElse("")));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], line.get(i).length());
        }
        for (int k = 0; k < cells.size(); k++) {
            StringBuilder b = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                String c = cells.get(k).get(i);
                String pad = " ".repeat(widths[i] - c.length());
                b.append(' ').append(rightAligned(i) ? pad + c : c + pad).append(" |");
            }
            out.println(b);
            if (k == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < widths.length; i++) {
                    rule.append("-".repeat(widths[i] + 1)).append(rightAligned(i) ? ":" : "-").append('|');
                }
                out.println(rule);
            }
        }
        out.println("# every run:");
        for (Row row : report.rows()) {
            out.println("# " + row.name() + ": java " + all(row.java()) + "; cpython " + all(row.python()));
        }
    }

    private static boolean rightAligned(int column) {
        return column >= 1 && column <= 3;
    }

    private static java.util.Optional<String> firstComment(List<RunnerOutput> runs) {
        if (runs.isEmpty() || runs.getFirst().comments().isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(runs.getFirst().comments().getFirst().replaceFirst("^[# ]+", ""));
    }

    /** {@code 148.651 ms} for a time, {@code 4,188,492 tasks/s} for a rate, {@code —} for none. */
    static String figure(OptionalDouble value, String unit) {
        if (value.isEmpty()) return "—";
        double v = value.getAsDouble();
        if (Figure.lowerIsBetter(unit)) return String.format(Locale.ROOT, "%.3f %s", v, unit);
        return String.format(Locale.ROOT, "%,d %s", new BigDecimal(v).setScale(0, RoundingMode.HALF_EVEN).longValueExact(), unit);
    }

    private static String all(List<Double> values) {
        if (values.isEmpty()) return "—";
        return values.stream().map(MarkdownTable::general).collect(Collectors.joining(" "));
    }

    /** Python's {@code format(v, 'g')}: 6 significant digits, exponent form below 1e-4 and from 1e6. */
    static String general(double v) {
        if (v == 0) return "0";
        BigDecimal d = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN));
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 6) {
            BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + (exponent < 0 ? "e-" : "e+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return d.stripTrailingZeros().toPlainString();
    }
}
