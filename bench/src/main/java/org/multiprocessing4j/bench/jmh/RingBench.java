package org.multiprocessing4j.bench.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.shm.ByteRing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One frame written into a {@link ByteRing} and read back out by the same thread: the cost of the
 * ring itself (header, copy in, publish, length, copy out, publish) with no peer, no wake-up and no
 * {@code Connection} around it. Every message between processes, and every chunk of a pool or a
 * queue, crosses a ring, so this is the floor under {@code pipe_roundtrip_us} (8-byte frames) and
 * {@code pipe_bulk_MB_per_s} (64 KiB, the piece size a streamed frame is handed over in).
 *
 * <p>The ring lives in off-heap memory of this JVM (not a {@code /dev/shm} file: nothing to clean
 * up), with the capacity of a pipe's rings (1 MiB). It is empty after every operation, so no wait
 * policy is ever asked and no futex is ever called.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 reads field offsets through sun.misc.Unsafe: allowed, so JDK 25 prints no warning.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class RingBench {

    /** As a pipe's rings ({@code PipeSegment.DEFAULT_RING_CAPACITY}). */
    private static final int CAPACITY = 1 << 20;
    /** Never waits: the ring is empty before every write, so it is never asked. */
    private static final ByteRing.WaitPolicy NO_WAIT = midFrame -> 0;

    /** Payload bytes per frame: a small message, and a streamed frame's piece. */
    @Param({"8", "65536"})
    public int size;

    private Arena arena;
    private ByteRing ring;
    private byte[] src;
    private byte[] dst;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        MemorySegment region = arena.allocate(ByteRing.footprint(CAPACITY), 64);   // zero-filled: empty
        ring = new ByteRing(region, CAPACITY);
        src = new byte[size];
        ThreadLocalRandom.current().nextBytes(src);
        dst = new byte[size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Writes one frame of {@link #size} bytes and reads it back; returns the copy. */
    @Benchmark
    public byte[] writeRead() {
        if (!ring.writeFrame(src, 0, src.length, NO_WAIT)) throw new IllegalStateException("ring full");
        int length = ring.awaitFrameLength(NO_WAIT);
        if (length != size || !ring.readFrame(dst, 0, length, NO_WAIT)) {
            throw new IllegalStateException("ring lost a frame: " + length);
        }
        return dst;
    }
}
