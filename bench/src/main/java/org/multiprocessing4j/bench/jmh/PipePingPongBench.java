package org.multiprocessing4j.bench.jmh;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A round trip of an 8-byte message through a duplex {@link Pipe}, between two threads of one JVM:
 * the benchmark thread {@code sendBytes} on the left end and {@code recvBytes} the echo that a
 * second thread sends back from the right end. This is {@code pipe_roundtrip_us} without the child
 * JVM and the serializer: two {@code Connection}s, their locks, both rings, and the spin (yielding
 * on a 2-CPU machine) or futex sleep and wake of each side, so it shows what the transport costs
 * when both sides are hot.
 *
 * <p>The pipe is a real {@code /dev/shm} segment; tear-down closes the left end, the echo thread
 * then sees end-of-file and closes the right end, and the segment is unlinked.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 reads field offsets through sun.misc.Unsafe: allowed, so JDK 25 prints no warning.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PipePingPongBench {

    private Connection left;
    private Connection right;
    private Thread echo;
    private final byte[] message = {1, 2, 3, 4, 5, 6, 7, 8};

    @Setup(Level.Trial)
    public void setUp() {
        Pipe pipe = Pipe.open();
        left = pipe.left();
        right = pipe.right();
        echo = Thread.ofPlatform().daemon().name("pipe-echo").start(() -> {
            try (Connection end = right) {
                while (true) {
                    end.sendBytes(end.recvBytes());
                }
            } catch (EOFException e) {
                // the left end closed: the trial is over
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        left.close();
        echo.join(10_000);
        if (echo.isAlive()) throw new IllegalStateException("the echo thread did not see end-of-file");
    }

    /** Sends 8 bytes and waits for them to come back. */
    @Benchmark
    public byte[] roundTrip() throws IOException {
        left.sendBytes(message);
        return left.recvBytes();
    }
}
