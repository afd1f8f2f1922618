package org.multiprocessing4j.bench.jmh;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.shm.Futex;
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
 * {@link Futex} through the FFM API: what a wake-up costs. The rings and the sync cores keep a
 * waiters count so that a publish with nobody asleep makes no syscall at all; {@link #wakeNoWaiter}
 * is the price of that syscall when it is made anyway, and {@link #waitWakeRoundTrip} is the price
 * of a side actually sleeping: the floor of a blocking hand-over (a lock passed to a sleeping
 * process, a queue's reader woken), against which the rings' spinning is the optimization.
 *
 * <p>The words live in off-heap memory of this JVM (not {@code /dev/shm}); the futex calls are the
 * shared (not {@code FUTEX_PRIVATE}) ones the library makes. Set-up fails if the forked JVM lacks
 * native access, rather than measuring the parking fallback.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 reads field offsets through sun.misc.Unsafe: allowed, so JDK 25 prints no warning.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class FutexBench {

    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final long SLICE_NANOS = 100_000_000;

    private Arena arena;
    /** Bumped by the benchmark thread, slept on by the echo thread; its own cache line. */
    private MemorySegment ping;
    /** Bumped by the echo thread, slept on by the benchmark thread. */
    private MemorySegment pong;
    private volatile boolean running;
    private Thread echo;

    @Setup(Level.Trial)
    public void setUp() {
        if (!Futex.isNative()) throw new IllegalStateException("no native futex: run with --enable-native-access=ALL-UNNAMED on Linux");
        arena = Arena.ofShared();
        MemorySegment words = arena.allocate(128, 64);
        ping = words.asSlice(0, 4);
        pong = words.asSlice(64, 4);
        running = true;
        // The first ping may come before the echo thread runs: it starts from the value before it.
        int start = (int) INT.getVolatile(ping, 0L);
        echo = Thread.ofPlatform().daemon().name("futex-echo").start(() -> echoLoop(start));
    }

    /** Sleeps until {@link #ping} changes from {@code seen}, then bumps {@link #pong} and wakes its sleeper; until tear-down. */
    private void echoLoop(int seen) {
        while (running) {
            int now = (int) INT.getVolatile(ping, 0L);
            if (now == seen) {
                Futex.await(ping, seen, SLICE_NANOS, 0, false);
                continue;
            }
            seen = now;
            INT.getAndAdd(pong, 0L, 1);
            Futex.wake(pong, 1);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        INT.getAndAdd(ping, 0L, 1);
        Futex.wakeAll(ping);
        echo.join(10_000);
        if (echo.isAlive()) throw new IllegalStateException("the echo thread did not stop");
        arena.close();
    }

    /** {@code FUTEX_WAKE} on a word nobody sleeps on: one syscall that finds no waiter. */
    @Benchmark
    public void wakeNoWaiter() {
        Futex.wake(pong, 1);
    }

    /**
     * Bumps {@link #ping} and wakes the echo thread, then sleeps on {@link #pong} until it answers:
     * two wakes, two sleeps and two thread switches (or cross-CPU wake-ups) per operation, no spinning.
     */
    @Benchmark
    public int waitWakeRoundTrip() {
        int before = (int) INT.getVolatile(pong, 0L);
        INT.getAndAdd(ping, 0L, 1);
        Futex.wake(ping, 1);
        int now;
        while ((now = (int) INT.getVolatile(pong, 0L)) == before) {
            Futex.await(pong, before, SLICE_NANOS, 0, false);
        }
        return now;
    }
}
