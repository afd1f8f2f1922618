package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * {@code queue_msgs_per_s}: a child puts 200,001 Integers (0 to 200,000) on a {@link Queue}; the
 * parent takes the first untimed (it waits out the child's JVM start), then times {@code get()} of
 * the other 200,000 and reports messages per second.
 *
 * <p>Before them, by default, the child puts and the parent takes {@value #DEFAULT_JIT_WARMUP}
 * untimed messages, so that both JVMs have compiled the put and get paths (CPython has no JIT to
 * warm); {@code -Dbench.queue.warmup=0} gives the cold figure, as {@code bench.roundtrip.warmup}
 * does for {@link PipeRoundtrip}.
 */
final class QueueMsgs implements Workload {

    static final int N = 200_000;
    static final int DEFAULT_JIT_WARMUP = 200_000;

    private final JitWarmup jitWarmup = JitWarmup.of("bench.queue.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "queue_msgs_per_s";
    }

    @Override
    public String unit() {
        return "msgs/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# queue_msgs_per_s: one producer child puts " + (N + 1)
                + " Integers; the first get untimed (child JVM start), then " + N + " gets timed, "
                + jitWarmup.describe("messages"));
    }

    /** The child: puts {@code warmup} times -1, then 0 .. n-1, in order. */
    static void produce(Queue<Integer> q, int warmup, int n) throws InterruptedException {
        for (int i = 0; i < warmup; i++) q.put(-1);
        for (int i = 0; i < n; i++) q.put(i);
    }

    @Override
    public double measure() throws Exception {
        Queue<Integer> q = new Queue<>();
        int warmup = jitWarmup.count();
        Process p = new Process(() -> produce(q, warmup, N + 1));
        p.start();
        try {
            for (int i = 0; i < warmup; i++) {
                if (q.get() != -1) throw new IllegalStateException("queue: warm-up message out of order");
            }
            int first = q.get();
            if (first != 0) throw new IllegalStateException("queue: first item " + first);
            long t0 = System.nanoTime();
            for (int i = 1; i <= N; i++) {
                int x = q.get();
                if (x != i) throw new IllegalStateException("queue: got " + x + ", expected " + i);
            }
            long elapsed = System.nanoTime() - t0;
            return N / (elapsed / 1e9);
        } finally {
            p.join();
            int code = p.exitCode().orElse(-1);
            p.close();
            q.close();
            if (code != 0) throw new IllegalStateException("queue: producer exited with " + code);
        }
    }
}
