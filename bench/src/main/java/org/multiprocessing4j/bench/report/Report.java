package org.multiprocessing4j.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report of {@code bench/run --both}: prints the side-by-side table of one or more result
 * directories on stdout and, with {@code --chart}, draws the chart of Java's advantage and prints
 * the path of each PNG written. Run headless ({@code -Djava.awt.headless=true}).
 *
 * <pre>
 * Report [--chart PNG]... [--command TEXT] DIR...
 * </pre>
 * Each DIR holds {@code java-I.txt} and {@code python-I.txt}, I = 1, 2, ...; with several DIRs
 * the best figure over all of them counts. {@code --command} is how the figures were made, for
 * the chart's caption.
 */
public final class Report {

    private Report() {
    }

    /** Runs the report; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        List<Path> charts = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        String command = "bench/run --both";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--chart" -> charts.add(Path.of(value(args, ++i)));
                case "--command" -> command = value(args, ++i);
                default -> {
                    if (args[i].startsWith("-")) usage("unknown option " + args[i]);
                    dirs.add(Path.of(args[i]));
                }
            }
        }
        if (dirs.isEmpty()) usage("no result directory");
        SideBySide report = SideBySide.read(dirs);
        MarkdownTable.print(report, System.out);
        if (!charts.isEmpty()) {
            AdvantageChart.write(report, command, charts);
            for (Path chart : charts) System.out.println("# chart: " + chart);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) usage(args[i - 1] + " needs a value");
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("Report: " + problem + "\nusage: Report [--chart PNG]... [--command TEXT] DIR...");
        System.exit(2);
    }
}
