package org.multiprocessing4j.bench.jmh;

import java.io.IOException;
import java.io.Serializable;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.serialize.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A value serialized and deserialized again by {@link Serializer#standard()}: the work every
 * {@code send}/{@code recv}, queue item, pool task and result and manager call does on each side.
 * An {@code Integer}, a 32-char {@code String} and a {@code byte[1024]} take the compact tagged
 * forms (the pool and queue workloads move boxed ints); a small record takes the fallback, a Java
 * serialization stream, which is what any other user type costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// JMH 1.37 reads field offsets through sun.misc.Unsafe: allowed, so JDK 25 prints no warning.
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class SerializerBench {

    /** A small user type: no compact form, so Java serialization. */
    public record Point(int x, int y, String label) implements Serializable {
    }

    private final Serializer serializer = Serializer.standard();
    // Not final, and read in the benchmark: the JIT cannot fold them.
    private Integer integer = 123_456_789;
    private String string = "abcdefghijklmnopqrstuvwxyz012345";
    private byte[] bytes = randomBytes(1024);
    private Point point = new Point(3, 4, "p");

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    private Object roundTrip(Object value) throws IOException {
        byte[] encoded = serializer.serialize(value);
        return serializer.deserialize(encoded, 0, encoded.length);
    }

    /** An {@code Integer}: tag and 4 bytes. */
    @Benchmark
    public Object integer() throws IOException {
        return roundTrip(integer);
    }

    /** A 32-character ASCII {@code String}. */
    @Benchmark
    public Object string32() throws IOException {
        return roundTrip(string);
    }

    /** A {@code byte[1024]}: one allocation and one copy each way. */
    @Benchmark
    public Object bytes1k() throws IOException {
        return roundTrip(bytes);
    }

    /** A record of two ints and a one-char {@code String}, through Java serialization. */
    @Benchmark
    public Object record() throws IOException {
        return roundTrip(point);
    }
}
