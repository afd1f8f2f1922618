package org.multiprocessing4j.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shm.MappedSegment;

/**
 * {@code locked_increments_per_s}: 2 children × 50,000 × (acquire a {@link Lock}, increment a
 * shared long, release). Each child times its own loop and sends its time on a one-way pipe; the
 * figure is 100,000 / the slower child's time. As in {@code bench.py}, both children start their
 * loops on an {@link Event}, so the lock is contended.
 *
 * <p><b>The shared long.</b> There is no shared {@code Value} yet, so the counter is the first 8
 * bytes of a small file in {@code /dev/shm} (the directory the library's segments live in) that the
 * parent creates under a unique name and deletes when done, and that each process maps with
 * {@link FileChannel#map(FileChannel.MapMode, long, long, Arena)}. Children increment it with a plain
 * (non-atomic) read and write inside the lock, the analogue of CPython's
 * {@code Value('q', lock=False)}: the cost measured is the lock's, plus two plain memory accesses.
 * At the end the parent checks the counter is 100,000, which proves the lock excluded (lost
 * updates would leave it lower). The file's name follows the library's {@code mp4j-<pid>-} naming,
 * so the runner's leak check sees it and, should the runner be killed, the library's sweep of dead
 * creators' segments removes it.
 *
 * <p><b>Start.</b> A child JVM takes a few hundred ms to start, against microseconds for CPython's
 * fork, so setting the event right after {@code start()} (as {@code bench.py} does) would let the
 * first child run alone. Here each child maps the counter and says "ready" on its pipe before it
 * waits on the event; the parent sets the event once both are ready.
 *
 * <p><b>JIT warm-up.</b> Before it says ready, each child runs the same loop untimed
 * {@value #DEFAULT_JIT_WARMUP} times on a lock and a long of its own (a second lock, another 8
 * bytes of the file), so the timed loop is compiled code, the steady state, as CPython's (an
 * interpreter with no warm-up) is; the shared counter is untouched. Without it the whole timed
 * loop runs while the JIT compiles it (two to three times slower on the 2-CPU machine). System property
 * {@code bench.locked.warmup} changes the count (0: none, to see the cold figure), as
 * {@code bench.roundtrip.warmup} does for {@link PipeRoundtrip}.
 */
final class LockedIncrements implements Workload {

    static final int CHILDREN = 2;
    static final int N = 50_000;
    static final int DEFAULT_JIT_WARMUP = 50_000;
    /** Bytes of the counter file: the shared counter at 0, then one private long per child (warm-up), a cache line apart. */
    static final long FILE_BYTES = 64L * (CHILDREN + 1);

    private final JitWarmup jitWarmup = JitWarmup.of("bench.locked.warmup", DEFAULT_JIT_WARMUP);

    @Override
    public String name() {
        return "locked_increments_per_s";
    }

    @Override
    public String unit() {
        return "ops/s";
    }

    @Override
    public List<String> comments() {
        return List.of("# locked_increments_per_s: " + jitWarmup.describe("iterations per child on a private lock and long")
                + ", " + CHILDREN + " children x " + N
                + " x (Lock.acquire, plain read+write of a long in a file mapped from " + MappedSegment.DIRECTORY
                + ", release), started together on an Event once both are ready; ops / slower child's time");
    }

    /**
     * The child: maps the counter file, warms up on its own lock and long, says ready, waits for
     * the go, times its loop on the shared lock and counter and sends the time (ns).
     */
    static void incrementer(int index, Lock lock, String counterFile, int n, int warmup, Event go, Connection out)
            throws Exception {
        try (out; Arena arena = Arena.ofConfined();
             FileChannel channel = FileChannel.open(Path.of(counterFile), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES, arena);
            if (warmup > 0) increments(new Lock(), file.asSlice(64L * (index + 1), Long.BYTES), warmup);
            MemorySegment counter = file.asSlice(0, Long.BYTES);
            out.send("ready");
            go.await();
            out.send(increments(lock, counter, n));
        }
    }

    /** The loop: n × (acquire, plain read-increment-write of the long, release); returns its time in ns. */
    static long increments(Lock lock, MemorySegment counter, int n) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            lock.acquire();
            counter.set(ValueLayout.JAVA_LONG, 0, counter.get(ValueLayout.JAVA_LONG, 0) + 1);
            lock.release();
        }
        return System.nanoTime() - t0;
    }

    @Override
    public double measure() throws Exception {
        Path file = Files.createTempFile(MappedSegment.DIRECTORY, "mp4j-" + ProcessHandle.current().pid() + "-bench-counter-", ".long");
        try (Arena arena = Arena.ofConfined();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment counter = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_BYTES, arena).asSlice(0, Long.BYTES);
            counter.set(ValueLayout.JAVA_LONG, 0, 0);
            int warmup = jitWarmup.count();
            Lock lock = new Lock();
            Event go = new Event();
            String counterFile = file.toString();
            List<Connection> readers = new ArrayList<>();
            List<Process> procs = new ArrayList<>();
            try {
                for (int c = 0; c < CHILDREN; c++) {
                    int index = c;
                    Pipe pipe = Pipe.open(false);
                    Connection reader = pipe.left(), writer = pipe.right();
                    readers.add(reader);
                    Process p = new Process(() -> incrementer(index, lock, counterFile, N, warmup, go, writer));
                    procs.add(p);
                    try {
                        p.start();
                    } finally {
                        writer.close();
                    }
                }
                for (Connection r : readers) {
                    Object ready = r.recv();
                    if (!"ready".equals(ready)) throw new IllegalStateException("locked_increments: expected 'ready', got " + ready);
                }
                go.set();
                long slowest = 0;
                for (Connection r : readers) slowest = Math.max(slowest, r.<Long>recv());
                long total = counter.get(ValueLayout.JAVA_LONG, 0);
                if (total != (long) CHILDREN * N) {
                    throw new IllegalStateException("locked_increments: counter " + total + " != " + CHILDREN * N
                            + " (the lock did not exclude)");
                }
                return CHILDREN * N / (slowest / 1e9);
            } finally {
                for (Process p : procs) {
                    p.join();
                    p.close();
                }
                for (Connection r : readers) r.close();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
