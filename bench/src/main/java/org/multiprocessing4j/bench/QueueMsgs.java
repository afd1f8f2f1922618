package org.multiprocessing4j.bench;

import java.util.List;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * {@code queue_msgs_per_s}: a child puts 200,001 Integers (0 to 200,000) on a {@link Queue}; the
 * parent takes the first untimed (it waits out the child's JVM start), then times {@code get()} of
 * the other 200,000 and reports messages per second. As in {@code bench.py}, there is no warm-up
 * beyond the first message: both JVMs compile the put and get paths while the clock runs.
 */
final class QueueMsgs implements Workload {

    static final int N = 200_000;

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
                + " Integers; the first get untimed (child JVM start), then " + N + " gets timed; no other warm-up");
    }

    /** The child: puts 0 .. n-1, in order. */
    static void produce(Queue<Integer> q, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) q.put(i);
    }

    @Override
    public double measure() throws Exception {
        Queue<Integer> q = new Queue<>();
        Process p = new Process(() -> produce(q, N + 1));
        p.start();
        try {
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
