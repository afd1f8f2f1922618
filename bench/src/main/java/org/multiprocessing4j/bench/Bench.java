package org.multiprocessing4j.bench;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.shm.Futex;
import org.multiprocessing4j.shm.MappedSegment;

/**
 * The benchmark runner: the workloads of {@code shared/BENCHMARKS.md}, the Java twin of
 * {@code bench/bench.py}. Prints {@code # ...} comment lines, then one line {@code name value unit}
 * per workload in the table's order, and nothing else on stdout.
 *
 * <pre>
 * Bench [WORKLOAD ...] [--repeat N] [--list]
 * </pre>
 * With workload names, only those run (still in the table's order). {@code --repeat N} runs each
 * workload N times and prints the best figure (minimum for ms/us, maximum for rates).
 * {@code --list} prints the names of the workloads implemented so far and exits.
 *
 * <p>Workloads the library cannot run yet print nothing (no placeholder line); naming one
 * explicitly only earns a note on stderr. Start this JVM with
 * {@code --enable-native-access=ALL-UNNAMED} so the pipes sleep on a futex (the first comment line
 * says whether they do).
 */
public final class Bench {

    /** Every workload of BENCHMARKS.md, in the table's order. */
    static final List<String> TABLE = List.of(
            "process_start_join_ms",
            "process_start_join_warm_ms",
            "pool_create_ms",
            "pool_map_trivial_tasks_per_s",
            "pool_apply_async_tasks_per_s",
            "pool_imap_unordered_chunk1_tasks_per_s",
            "queue_msgs_per_s",
            "pipe_roundtrip_us",
            "locked_increments_per_s",
            "manager_dict_ops_per_s",
            "pipe_bulk_MB_per_s");

    /** The workloads that exist today; adding one is a class and a line here (order does not matter). */
    static final Map<String, Workload> IMPLEMENTED = index(
            new ProcessStartJoin(),
            new ProcessStartJoinWarm(),
            new PoolCreate(),
            new PoolMapTrivial(),
            new PoolApplyAsync(),
            new PoolImapUnordered(),
            new QueueMsgs(),
            new PipeRoundtrip(),
            new LockedIncrements(),
            new ManagerDictOps(),
            new PipeBulk());

    private Bench() {
    }

    private static Map<String, Workload> index(Workload... workloads) {
        Map<String, Workload> byName = java.util.Arrays.stream(workloads)
                .collect(Collectors.toMap(Workload::name, Function.identity()));
        for (String name : byName.keySet()) {
            if (!TABLE.contains(name)) throw new AssertionError("workload not in the table: " + name);
        }
        return byName;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int repeat = 1;
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--repeat" -> {
                    if (i + 1 >= args.length) usage("--repeat needs a number");
                    repeat = parseRepeat(args[++i]);
                }
                case "--list" -> {
                    for (String name : TABLE) if (IMPLEMENTED.containsKey(name)) out.println(name);
                    return;
                }
                case "-h", "--help" -> {
                    out.println("# usage: Bench [WORKLOAD ...] [--repeat N] [--list]; workloads: "
                            + String.join(", ", TABLE));
                    return;
                }
                default -> {
                    if (a.startsWith("--repeat=")) repeat = parseRepeat(a.substring("--repeat=".length()));
                    else if (a.startsWith("-")) usage("unknown option " + a);
                    else if (!TABLE.contains(a)) usage("unknown workload " + a + "; one of: " + String.join(", ", TABLE));
                    else wanted.add(a);
                }
            }
        }
        List<Workload> selected = new ArrayList<>();
        for (String name : TABLE) {
            if (!wanted.isEmpty() && !wanted.contains(name)) continue;
            Workload w = IMPLEMENTED.get(name);
            if (w != null) selected.add(w);
            else if (wanted.contains(name)) System.err.println("bench: " + name + " is not implemented yet; skipped");
        }

        out.println(header(repeat));
        out.flush();
        for (Workload w : selected) {
            double best = w.lowerIsBetter() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            for (int r = 0; r < repeat; r++) {
                double v = w.measure();
                best = w.lowerIsBetter() ? Math.min(best, v) : Math.max(best, v);
            }
            for (String c : w.comments()) out.println(c);
            out.println(w.name() + " " + format(best, w.lowerIsBetter()) + " " + w.unit());
            out.flush();
        }
        checkCleanedUp();
    }

    /**
     * Complains on stderr if a workload left a child running or a shared-memory segment of this
     * process behind (segment names embed the creator's pid; other processes' are not ours).
     *
     * <p>Shared objects without a {@code close()} ({@code Lock}, {@code Event}, {@code Queue}: its
     * {@code close()} does not give the memory back) release this process's hold on their segment
     * when the instance is garbage-collected, so a segment still there is only called a leak after
     * a few collections have given the cleaner its chance.
     */
    private static void checkCleanedUp() throws java.io.IOException, InterruptedException {
        List<org.multiprocessing4j.Process> alive = Multiprocessing.activeChildren();
        if (!alive.isEmpty()) System.err.println("bench: children still running: " + alive);
        String mine = "mp4j-" + ProcessHandle.current().pid() + "-";
        List<String> left = segmentsStartingWith(mine);
        for (int i = 0; i < 20 && !left.isEmpty(); i++) {
            System.gc();
            Thread.sleep(50);
            left = segmentsStartingWith(mine);
        }
        if (!left.isEmpty()) System.err.println("bench: segments left in " + MappedSegment.DIRECTORY + ": " + left);
    }

    private static List<String> segmentsStartingWith(String prefix) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(MappedSegment.DIRECTORY)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix)).toList();
        }
    }

    private static String header(int repeat) {
        Runtime.Version v = Runtime.version();
        String now = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return "# java " + v + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.vendor")
                + "), " + now + ", " + Multiprocessing.cpuCount() + " cpus, futex "
                + (Futex.isNative() ? "native" : "NOT native (parking fallback: run with --enable-native-access=ALL-UNNAMED)")
                + ", repeat " + repeat;
    }

    /** Durations with 3 decimals, rates as integers, as bench.py prints them. */
    static String format(double value, boolean lowerIsBetter) {
        return lowerIsBetter ? String.format(Locale.ROOT, "%.3f", value) : Long.toString(Math.round(value));
    }

    private static int parseRepeat(String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // fall through
        }
        usage("--repeat must be an integer >= 1, not " + s);
        return 1;
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem);
        System.err.println("usage: Bench [WORKLOAD ...] [--repeat N] [--list]");
        System.exit(2);
    }
}
