package org.multiprocessing4j;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import org.multiprocessing4j.shm.SharedObject;

/**
 * A fixed-length array of numbers in shared memory, visible to every process that has it:
 * CPython's {@code multiprocessing.Array}. Zero-filled at creation; a child that writes it is read
 * by the parent in place, without copying (each {@code get}/{@code set} is a volatile access of
 * shared memory; {@link #segment()} gives the raw memory for bulk work).
 *
 * <pre>{@code
 * var arr = Array.ofDoubles(1_000_000);
 * var p = new Process(() -> { for (int i = 0; i < arr.length(); i++) arr.set(i, i * 0.5); });
 * p.start(); p.join();
 * arr.get(10);                                          // 5.0
 * }</pre>
 *
 * <p>As with {@link Value}, an array comes with a lock ({@link #getLock()}, a new {@link RLock}) unless
 * made with {@code withLock} false; {@code int} and {@code long} arrays also have atomic
 * {@code getAndAdd} and {@code compareAndSet} per element. Indexes are checked
 * ({@link IndexOutOfBoundsException}).
 *
 * <p>Thread-safe and process-safe (element by element; use the lock for multi-element updates).
 */
public abstract sealed class Array extends SharedData
        permits Array.OfBytes, Array.OfShorts, Array.OfInts, Array.OfLongs, Array.OfFloats, Array.OfDoubles {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final long LENGTH = 0, DATA = 64;

    private final transient int length;
    final transient MemorySegment data;

    Array(int kind, int length, ValueLayout element, SharedLock lock) {
        super(kind, SharedObject.create(kind, DATA + checkLength(length) * element.byteSize()), lock);
        this.length = length;
        shared().payload().set(ValueLayout.JAVA_INT, LENGTH, length);
        this.data = shared().payload().asSlice(DATA, length * element.byteSize());
    }

    Array(Form form, ValueLayout element) throws ObjectStreamException {
        super(form);
        this.length = shared().payload().get(ValueLayout.JAVA_INT, LENGTH);
        this.data = shared().payload().asSlice(DATA, length * element.byteSize());
    }

    private static long checkLength(int length) {
        if (length < 0) throw new IllegalArgumentException("length must be >= 0: " + length);
        return length;
    }

    /** The number of elements. */
    public final int length() {
        return length;
    }

    /** The elements' shared memory, for bulk reads and writes in place (native byte order). */
    public final MemorySegment segment() {
        return data;
    }

    final long offset(int index, long elementSize) {
        return Objects.checkIndex(index, length) * elementSize;
    }

    /** The array a {@link Form} of one of its kinds stands for, or null for another kind. */
    static Array fromForm(Form form) throws ObjectStreamException {
        return switch (form.kind()) {
            case BYTES -> new OfBytes(form);
            case SHORTS -> new OfShorts(form);
            case INTS -> new OfInts(form);
            case LONGS -> new OfLongs(form);
            case FLOATS -> new OfFloats(form);
            case DOUBLES -> new OfDoubles(form);
            default -> null;
        };
    }

    static final int BYTES = 31, SHORTS = 32, INTS = 33, LONGS = 34, FLOATS = 35, DOUBLES = 36;

    /** A zero-filled array of {@code length} {@code byte}s with a new lock. */
    public static OfBytes ofBytes(int length) {
        return new OfBytes(length, newLock(true));
    }

    /** A zero-filled array of {@code length} {@code byte}s, with a new lock or none. */
    public static OfBytes ofBytes(int length, boolean withLock) {
        return new OfBytes(length, newLock(withLock));
    }

    /** An array holding a copy of {@code values}, with a new lock. */
    public static OfBytes ofBytes(byte[] values) {
        OfBytes array = new OfBytes(values.length, newLock(true));
        array.copyFrom(values, 0, 0, values.length);
        return array;
    }

    /** A zero-filled array of {@code length} {@code short}s with a new lock. */
    public static OfShorts ofShorts(int length) {
        return new OfShorts(length, newLock(true));
    }

    /** A zero-filled array of {@code length} {@code short}s, with a new lock or none. */
    public static OfShorts ofShorts(int length, boolean withLock) {
        return new OfShorts(length, newLock(withLock));
    }

    /** An array holding a copy of {@code values}, with a new lock. */
    public static OfShorts ofShorts(short[] values) {
        OfShorts array = new OfShorts(values.length, newLock(true));
        array.copyFrom(values, 0, 0, values.length);
        return array;
    }

    /** A zero-filled array of {@code length} {@code int}s with a new lock. */
    public static OfInts ofInts(int length) {
        return new OfInts(length, newLock(true));
    }

    /** A zero-filled array of {@code length} {@code int}s, with a new lock or none. */
    public static OfInts ofInts(int length, boolean withLock) {
        return new OfInts(length, newLock(withLock));
    }

    /** An array holding a copy of {@code values}, with a new lock. */
    public static OfInts ofInts(int[] values) {
        OfInts array = new OfInts(values.length, newLock(true));
        array.copyFrom(values, 0, 0, values.length);
        return array;
    }

    /** A zero-filled array of {@code length} {@code long}s with a new lock. */
    public static OfLongs ofLongs(int length) {
        return new OfLongs(length, newLock(true));
    }

    /** A zero-filled array of {@code length} {@code long}s, with a new lock or none. */
    public static OfLongs ofLongs(int length, boolean withLock) {
        return new OfLongs(length, newLock(withLock));
    }

    /** An array holding a copy of {@code values}, with a new lock. */
    public static OfLongs ofLongs(long[] values) {
        OfLongs array = new OfLongs(values.length, newLock(true));
        array.copyFrom(values, 0, 0, values.length);
        return array;
    }

    /** A zero-filled array of {@code length} {@code float}s with a new lock. */
    public static OfFloats ofFloats(int length) {
        return new OfFloats(length, newLock(true));
    }

    /** A zero-filled array of {@code length} {@code float}s, with a new lock or none. */
    public static OfFloats ofFloats(int length, boolean withLock) {
        return new OfFloats(length, newLock(withLock));
    }

    /** An array holding a copy of {@code values}, with a new lock. */
    public static OfFloats ofFloats(float[] values) {
        OfFloats array = new OfFloats(values.length, newLock(true));
        array.copyFrom(values, 0, 0, values.length);
        return array;
    }

    /** A zero-filled array of {@code length} {@code double}s with a new lock. */
    public static OfDoubles ofDoubles(int length) {
        return new OfDoubles(length, newLock(true));
    }

    /** A zero-filled array of {@code length} {@code double}s, with a new lock or none. */
    public static OfDoubles ofDoubles(int length, boolean withLock) {
        return new OfDoubles(length, newLock(withLock));
    }

    /** An array holding a copy of {@code values}, with a new lock. */
    public static OfDoubles ofDoubles(double[] values) {
        OfDoubles array = new OfDoubles(values.length, newLock(true));
        array.copyFrom(values, 0, 0, values.length);
        return array;
    }

    /** A shared array of {@code byte}. */
    public static final class OfBytes extends Array {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_BYTE.varHandle();

        OfBytes(int length, SharedLock lock) {
            super(BYTES, length, ValueLayout.JAVA_BYTE, lock);
        }

        OfBytes(Form form) throws ObjectStreamException {
            super(form, ValueLayout.JAVA_BYTE);
        }

        /** Element {@code index}. */
        public byte get(int index) {
            return (byte) VH.getVolatile(data, offset(index, 1));
        }

        /** Sets element {@code index}. */
        public void set(int index, byte value) {
            VH.setVolatile(data, offset(index, 1), value);
        }

        /** A copy of all the elements. */
        public byte[] toArray() {
            return toArray(0, length());
        }

        /** A copy of elements {@code from} (inclusive) to {@code to} (exclusive): CPython's {@code arr[from:to]}. */
        public byte[] toArray(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            byte[] copy = new byte[to - from];
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, from * (long) 1, copy, 0, copy.length);
            return copy;
        }

        /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array from {@code index}. */
        public void copyFrom(byte[] src, int srcIndex, int index, int count) {
            Objects.checkFromIndexSize(srcIndex, count, src.length);
            Objects.checkFromIndexSize(index, count, length());
            MemorySegment.copy(src, srcIndex, data, ValueLayout.JAVA_BYTE, index * (long) 1, count);
        }

        @Override
        public String toString() {
            return "Array.OfBytes" + java.util.Arrays.toString(length() <= 16 ? toArray() : toArray(0, 16))
                    + (length() > 16 ? " (" + length() + " elements)" : "");
        }
    }

    /** A shared array of {@code short}. */
    public static final class OfShorts extends Array {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_SHORT.varHandle();

        OfShorts(int length, SharedLock lock) {
            super(SHORTS, length, ValueLayout.JAVA_SHORT, lock);
        }

        OfShorts(Form form) throws ObjectStreamException {
            super(form, ValueLayout.JAVA_SHORT);
        }

        /** Element {@code index}. */
        public short get(int index) {
            return (short) VH.getVolatile(data, offset(index, 2));
        }

        /** Sets element {@code index}. */
        public void set(int index, short value) {
            VH.setVolatile(data, offset(index, 2), value);
        }

        /** A copy of all the elements. */
        public short[] toArray() {
            return toArray(0, length());
        }

        /** A copy of elements {@code from} (inclusive) to {@code to} (exclusive): CPython's {@code arr[from:to]}. */
        public short[] toArray(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            short[] copy = new short[to - from];
            MemorySegment.copy(data, ValueLayout.JAVA_SHORT, from * (long) 2, copy, 0, copy.length);
            return copy;
        }

        /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array from {@code index}. */
        public void copyFrom(short[] src, int srcIndex, int index, int count) {
            Objects.checkFromIndexSize(srcIndex, count, src.length);
            Objects.checkFromIndexSize(index, count, length());
            MemorySegment.copy(src, srcIndex, data, ValueLayout.JAVA_SHORT, index * (long) 2, count);
        }

        @Override
        public String toString() {
            return "Array.OfShorts" + java.util.Arrays.toString(length() <= 16 ? toArray() : toArray(0, 16))
                    + (length() > 16 ? " (" + length() + " elements)" : "");
        }
    }

    /** A shared array of {@code int}. */
    public static final class OfInts extends Array {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_INT.varHandle();

        OfInts(int length, SharedLock lock) {
            super(INTS, length, ValueLayout.JAVA_INT, lock);
        }

        OfInts(Form form) throws ObjectStreamException {
            super(form, ValueLayout.JAVA_INT);
        }

        /** Element {@code index}. */
        public int get(int index) {
            return (int) VH.getVolatile(data, offset(index, 4));
        }

        /** Sets element {@code index}. */
        public void set(int index, int value) {
            VH.setVolatile(data, offset(index, 4), value);
        }

        /** Atomically adds {@code delta} to element {@code index}; returns the previous value. */
        public int getAndAdd(int index, int delta) {
            return (int) VH.getAndAdd(data, offset(index, 4), delta);
        }

        /** Atomically sets element {@code index} to {@code update} if it is {@code expected}. */
        public boolean compareAndSet(int index, int expected, int update) {
            return VH.compareAndSet(data, offset(index, 4), expected, update);
        }

        /** A copy of all the elements. */
        public int[] toArray() {
            return toArray(0, length());
        }

        /** A copy of elements {@code from} (inclusive) to {@code to} (exclusive): CPython's {@code arr[from:to]}. */
        public int[] toArray(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            int[] copy = new int[to - from];
            MemorySegment.copy(data, ValueLayout.JAVA_INT, from * (long) 4, copy, 0, copy.length);
            return copy;
        }

        /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array from {@code index}. */
        public void copyFrom(int[] src, int srcIndex, int index, int count) {
            Objects.checkFromIndexSize(srcIndex, count, src.length);
            Objects.checkFromIndexSize(index, count, length());
            MemorySegment.copy(src, srcIndex, data, ValueLayout.JAVA_INT, index * (long) 4, count);
        }

        @Override
        public String toString() {
            return "Array.OfInts" + java.util.Arrays.toString(length() <= 16 ? toArray() : toArray(0, 16))
                    + (length() > 16 ? " (" + length() + " elements)" : "");
        }
    }

    /** A shared array of {@code long}. */
    public static final class OfLongs extends Array {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_LONG.varHandle();

        OfLongs(int length, SharedLock lock) {
            super(LONGS, length, ValueLayout.JAVA_LONG, lock);
        }

        OfLongs(Form form) throws ObjectStreamException {
            super(form, ValueLayout.JAVA_LONG);
        }

        /** Element {@code index}. */
        public long get(int index) {
            return (long) VH.getVolatile(data, offset(index, 8));
        }

        /** Sets element {@code index}. */
        public void set(int index, long value) {
            VH.setVolatile(data, offset(index, 8), value);
        }

        /** Atomically adds {@code delta} to element {@code index}; returns the previous value. */
        public long getAndAdd(int index, long delta) {
            return (long) VH.getAndAdd(data, offset(index, 8), delta);
        }

        /** Atomically sets element {@code index} to {@code update} if it is {@code expected}. */
        public boolean compareAndSet(int index, long expected, long update) {
            return VH.compareAndSet(data, offset(index, 8), expected, update);
        }

        /** A copy of all the elements. */
        public long[] toArray() {
            return toArray(0, length());
        }

        /** A copy of elements {@code from} (inclusive) to {@code to} (exclusive): CPython's {@code arr[from:to]}. */
        public long[] toArray(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            long[] copy = new long[to - from];
            MemorySegment.copy(data, ValueLayout.JAVA_LONG, from * (long) 8, copy, 0, copy.length);
            return copy;
        }

        /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array from {@code index}. */
        public void copyFrom(long[] src, int srcIndex, int index, int count) {
            Objects.checkFromIndexSize(srcIndex, count, src.length);
            Objects.checkFromIndexSize(index, count, length());
            MemorySegment.copy(src, srcIndex, data, ValueLayout.JAVA_LONG, index * (long) 8, count);
        }

        @Override
        public String toString() {
            return "Array.OfLongs" + java.util.Arrays.toString(length() <= 16 ? toArray() : toArray(0, 16))
                    + (length() > 16 ? " (" + length() + " elements)" : "");
        }
    }

    /** A shared array of {@code float}. */
    public static final class OfFloats extends Array {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_FLOAT.varHandle();

        OfFloats(int length, SharedLock lock) {
            super(FLOATS, length, ValueLayout.JAVA_FLOAT, lock);
        }

        OfFloats(Form form) throws ObjectStreamException {
            super(form, ValueLayout.JAVA_FLOAT);
        }

        /** Element {@code index}. */
        public float get(int index) {
            return (float) VH.getVolatile(data, offset(index, 4));
        }

        /** Sets element {@code index}. */
        public void set(int index, float value) {
            VH.setVolatile(data, offset(index, 4), value);
        }

        /** A copy of all the elements. */
        public float[] toArray() {
            return toArray(0, length());
        }

        /** A copy of elements {@code from} (inclusive) to {@code to} (exclusive): CPython's {@code arr[from:to]}. */
        public float[] toArray(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            float[] copy = new float[to - from];
            MemorySegment.copy(data, ValueLayout.JAVA_FLOAT, from * (long) 4, copy, 0, copy.length);
            return copy;
        }

        /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array from {@code index}. */
        public void copyFrom(float[] src, int srcIndex, int index, int count) {
            Objects.checkFromIndexSize(srcIndex, count, src.length);
            Objects.checkFromIndexSize(index, count, length());
            MemorySegment.copy(src, srcIndex, data, ValueLayout.JAVA_FLOAT, index * (long) 4, count);
        }

        @Override
        public String toString() {
            return "Array.OfFloats" + java.util.Arrays.toString(length() <= 16 ? toArray() : toArray(0, 16))
                    + (length() > 16 ? " (" + length() + " elements)" : "");
        }
    }

    /** A shared array of {@code double}. */
    public static final class OfDoubles extends Array {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_DOUBLE.varHandle();

        OfDoubles(int length, SharedLock lock) {
            super(DOUBLES, length, ValueLayout.JAVA_DOUBLE, lock);
        }

        OfDoubles(Form form) throws ObjectStreamException {
            super(form, ValueLayout.JAVA_DOUBLE);
        }

        /** Element {@code index}. */
        public double get(int index) {
            return (double) VH.getVolatile(data, offset(index, 8));
        }

        /** Sets element {@code index}. */
        public void set(int index, double value) {
            VH.setVolatile(data, offset(index, 8), value);
        }

        /** A copy of all the elements. */
        public double[] toArray() {
            return toArray(0, length());
        }

        /** A copy of elements {@code from} (inclusive) to {@code to} (exclusive): CPython's {@code arr[from:to]}. */
        public double[] toArray(int from, int to) {
            Objects.checkFromToIndex(from, to, length());
            double[] copy = new double[to - from];
            MemorySegment.copy(data, ValueLayout.JAVA_DOUBLE, from * (long) 8, copy, 0, copy.length);
            return copy;
        }

        /** Copies {@code count} elements of {@code src} from {@code srcIndex} into this array from {@code index}. */
        public void copyFrom(double[] src, int srcIndex, int index, int count) {
            Objects.checkFromIndexSize(srcIndex, count, src.length);
            Objects.checkFromIndexSize(index, count, length());
            MemorySegment.copy(src, srcIndex, data, ValueLayout.JAVA_DOUBLE, index * (long) 8, count);
        }

        @Override
        public String toString() {
            return "Array.OfDoubles" + java.util.Arrays.toString(length() <= 16 ? toArray() : toArray(0, 16))
                    + (length() > 16 ? " (" + length() + " elements)" : "");
        }
    }

}
