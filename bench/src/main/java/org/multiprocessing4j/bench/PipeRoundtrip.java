package org.multiprocessing4j.bench;

import java.io.IOException;
import java.util.List;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * {@code pipe_roundtrip_us}: a child echoes what it receives on a two-way pipe; after one warm-up
 * exchange, the parent times 20,000 × (send an Integer, receive it back) and reports µs per round
 * trip.
 *
 * <p>Before that (untimed, same child) a JIT warm-up pass of {@value #DEFAULT_JIT_WARMUP}
 * exchanges lets both JVMs compile the send/receive path, so the figure is the steady state, as
 * CPython's (an interpreter with no warm-up) is. System property {@code bench.roundtrip.warmup}
 * changes the count (0: none, to see the cold figure).
 */
final class PipeRoundtrip implements Workload {

    static final int N = 20_000;
    static final int DEFAULT_JIT_WARMUP = 100_000;

    private final JitWarmup jitWarmup = JitWarmup.of("bench.roundtrip.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "pipe_roundtrip_us";
    }

    @Override
    public String unit() {
        return "us";
    }

    @Override
    public List<String> comments() {
        return List.of("# pipe_roundtrip_us: " + jitWarmup.describe("exchanges") + ", one warm-up exchange, then "
                + N + " timed");
    }

    /** The child: echoes every message until it receives null. */
    static void echo(Connection conn) throws IOException {
        try (conn) {
            Object x;
            while ((x = conn.recv()) != null) conn.send(x);
        }
    }

    @Override
    public double measure() throws Exception {
        Pipe pipe = Pipe.open();
        Connection parent = pipe.left(), child = pipe.right();
        Process p = new Process(() -> echo(child));
        try {
            p.start();
        } finally {
            child.close();
        }
        try {
            for (int i = 0; i < jitWarmup.count(); i++) exchange(parent, i);
            exchange(parent, 0);
            long t0 = System.nanoTime();
            for (int i = 0; i < N; i++) exchange(parent, i);
            long elapsed = System.nanoTime() - t0;
            parent.send(null);
            return elapsed / 1e3 / N;
        } finally {
            p.join();
            p.close();
            parent.close();
        }
    }

    private static void exchange(Connection conn, int i) throws IOException {
        conn.send(i);
        int back = conn.<Integer>recv();
        if (back != i) throw new IllegalStateException("echo returned " + back + " for " + i);
    }
}
