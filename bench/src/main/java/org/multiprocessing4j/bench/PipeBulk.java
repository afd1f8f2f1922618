package org.multiprocessing4j.bench;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * {@code pipe_bulk_MB_per_s}: a child makes 64 MiB of random bytes, sends "ready", then
 * {@code sendBytes} them on a one-way pipe; the parent times {@code recvBytes} after "ready".
 * MB = 10^6 bytes, as in {@code bench.py}.
 */
final class PipeBulk implements Workload {

    static final int BYTES = 64 * 1024 * 1024;
    static final double MB = 1_000_000;

    @Override
    public String name() {
        return "pipe_bulk_MB_per_s";
    }

    @Override
    public String unit() {
        return "MB/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# pipe_bulk_MB_per_s: MB = 10^6 bytes; payload 64 MiB = 67,108,864 bytes");
    }

    /** The child: random bytes, "ready", then the bytes as one message. */
    static void send(Connection conn, int n) throws IOException {
        try (conn) {
            byte[] data = new byte[n];
            new SplittableRandom().nextBytes(data);
            conn.send("ready");
            conn.sendBytes(data);
        }
    }

    @Override
    public double measure() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection reader = pipe.left(), writer = pipe.right();
        Process p = new Process(() -> send(writer, BYTES));
        try {
            p.start();
        } finally {
            writer.close();
        }
        try {
            Object ready = reader.recv();
            if (!"ready".equals(ready)) throw new IllegalStateException("pipe_bulk: expected 'ready', got " + ready);
            long t0 = System.nanoTime();
            byte[] data = reader.recvBytes();
            long elapsed = System.nanoTime() - t0;
            if (data.length != BYTES) throw new IllegalStateException("pipe_bulk: received " + data.length + " bytes");
            return BYTES / MB / (elapsed / 1e9);
        } finally {
            p.join();
            p.close();
            reader.close();
        }
    }
}
