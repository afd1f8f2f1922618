package org.multiprocessing4j;

import java.io.ObjectStreamException;
import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.shm.SharedObject;

/**
 * One number in shared memory, visible to every process that has it: CPython's
 * {@code multiprocessing.Value}. Created in one process, it travels to children captured by
 * their targets; a write in any process is seen by all (each {@code get}/{@code set} is a volatile
 * access).
 *
 * <pre>{@code
 * var counter = Value.ofInt(0);
 * var p = new Process(() -> { try (var held = counter.getLock().hold()) { counter.set(counter.get() + 1); } });
 * p.start(); p.join();
 * counter.get();                                   // 1
 * counter.incrementAndGet();                       // atomic, no lock needed: 2
 * }</pre>
 *
 * <p><b>Locks.</b> As in CPython, a value comes with a lock by default (a new {@link RLock}), for
 * read-modify-write sequences: {@code getLock()}. {@code ofInt(v, false)} makes one without a lock
 * (CPython's {@code RawValue}), whose {@code getLock()} throws; {@code ofInt(v, lock)} uses the lock
 * given. Beyond CPython, {@code int}, {@code long}, {@code float} and {@code double} values have
 * atomic operations ({@code incrementAndGet}, {@code compareAndSet}, ...) that need no lock.
 *
 * <p>Thread-safe and process-safe.
 */
public abstract sealed class Value extends SharedData
        permits Value.OfByte, Value.OfShort, Value.OfInt, Value.OfLong, Value.OfFloat, Value.OfDouble {

    @Serial
    private static final long serialVersionUID = 1L;

    static final int BYTE = 21, SHORT = 22, INT = 23, LONG = 24, FLOAT = 25, DOUBLE = 26;

    final transient MemorySegment cell;

    Value(int kind, SharedLock lock) {
        super(kind, SharedObject.create(kind, 8), lock);
        this.cell = shared().payload().asSlice(0, 8);
    }

    Value(Form form) throws ObjectStreamException {
        super(form);
        this.cell = shared().payload().asSlice(0, 8);
    }

    /** An {@code int} (typecode 'i') with a new lock. */
    public static OfInt ofInt(int initial) {
        return ofInt(initial, true);
    }

    /** An {@code int}, with a new lock or none. */
    public static OfInt ofInt(int initial, boolean withLock) {
        return new OfInt(initial, newLock(withLock));
    }

    /** An {@code int} guarded by {@code lock}. */
    public static OfInt ofInt(int initial, SharedLock lock) {
        return new OfInt(initial, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A {@code long} (typecode 'q') with a new lock. */
    public static OfLong ofLong(long initial) {
        return ofLong(initial, true);
    }

    /** A {@code long}, with a new lock or none. */
    public static OfLong ofLong(long initial, boolean withLock) {
        return new OfLong(initial, newLock(withLock));
    }

    /** A {@code long} guarded by {@code lock}. */
    public static OfLong ofLong(long initial, SharedLock lock) {
        return new OfLong(initial, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A {@code double} (typecode 'd') with a new lock. */
    public static OfDouble ofDouble(double initial) {
        return ofDouble(initial, true);
    }

    /** A {@code double}, with a new lock or none. */
    public static OfDouble ofDouble(double initial, boolean withLock) {
        return new OfDouble(initial, newLock(withLock));
    }

    /** A {@code double} guarded by {@code lock}. */
    public static OfDouble ofDouble(double initial, SharedLock lock) {
        return new OfDouble(initial, java.util.Objects.requireNonNull(lock, "lock"));
    }

    /** A {@code float} (typecode 'f') with a new lock. */
    public static OfFloat ofFloat(float initial) {
        return ofFloat(initial, true);
    }

    /** A {@code float}, with a new lock or none. */
    public static OfFloat ofFloat(float initial, boolean withLock) {
        return new OfFloat(initial, newLock(withLock));
    }

    /** A {@code short} (typecode 'h') with a new lock. */
    public static OfShort ofShort(short initial) {
        return ofShort(initial, true);
    }

    /** A {@code short}, with a new lock or none. */
    public static OfShort ofShort(short initial, boolean withLock) {
        return new OfShort(initial, newLock(withLock));
    }

    /** A {@code byte} (typecode 'b', or 'c' for a byte character) with a new lock. */
    public static OfByte ofByte(byte initial) {
        return ofByte(initial, true);
    }

    /** A {@code byte}, with a new lock or none. */
    public static OfByte ofByte(byte initial, boolean withLock) {
        return new OfByte(initial, newLock(withLock));
    }

    /** The value a {@link Form} of one of its kinds stands for, or null for another kind. */
    static Value fromForm(Form form) throws ObjectStreamException {
        return switch (form.kind()) {
            case BYTE -> new OfByte(form);
            case SHORT -> new OfShort(form);
            case INT -> new OfInt(form);
            case LONG -> new OfLong(form);
            case FLOAT -> new OfFloat(form);
            case DOUBLE -> new OfDouble(form);
            default -> null;
        };
    }

    /** A shared {@code int}. */
    public static final class OfInt extends Value {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_INT.varHandle();

        OfInt(int initial, SharedLock lock) {
            super(INT, lock);
            set(initial);
        }

        OfInt(Form form) throws ObjectStreamException {
            super(form);
        }

        public int get() {
            return (int) VH.getVolatile(cell, 0L);
        }

        public void set(int value) {
            VH.setVolatile(cell, 0L, value);
        }

        /** Atomically adds {@code delta}; returns the new value. */
        public int addAndGet(int delta) {
            return (int) VH.getAndAdd(cell, 0L, delta) + delta;
        }

        /** Atomically adds {@code delta}; returns the previous value. */
        public int getAndAdd(int delta) {
            return (int) VH.getAndAdd(cell, 0L, delta);
        }

        /** Atomically adds one; returns the new value. */
        public int incrementAndGet() {
            return addAndGet(1);
        }

        /** Atomically subtracts one; returns the new value. */
        public int decrementAndGet() {
            return addAndGet(-1);
        }

        /** Atomically sets {@code update} if the value is {@code expected}. */
        public boolean compareAndSet(int expected, int update) {
            return VH.compareAndSet(cell, 0L, expected, update);
        }

        /** Atomically sets {@code value}; returns the previous value. */
        public int getAndSet(int value) {
            return (int) VH.getAndSet(cell, 0L, value);
        }

        @Override
        public String toString() {
            return "Value.OfInt[" + get() + "]";
        }
    }

    /** A shared {@code long}. */
    public static final class OfLong extends Value {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_LONG.varHandle();

        OfLong(long initial, SharedLock lock) {
            super(LONG, lock);
            set(initial);
        }

        OfLong(Form form) throws ObjectStreamException {
            super(form);
        }

        public long get() {
            return (long) VH.getVolatile(cell, 0L);
        }

        public void set(long value) {
            VH.setVolatile(cell, 0L, value);
        }

        /** Atomically adds {@code delta}; returns the new value. */
        public long addAndGet(long delta) {
            return (long) VH.getAndAdd(cell, 0L, delta) + delta;
        }

        /** Atomically adds {@code delta}; returns the previous value. */
        public long getAndAdd(long delta) {
            return (long) VH.getAndAdd(cell, 0L, delta);
        }

        /** Atomically adds one; returns the new value. */
        public long incrementAndGet() {
            return addAndGet(1);
        }

        /** Atomically subtracts one; returns the new value. */
        public long decrementAndGet() {
            return addAndGet(-1);
        }

        /** Atomically sets {@code update} if the value is {@code expected}. */
        public boolean compareAndSet(long expected, long update) {
            return VH.compareAndSet(cell, 0L, expected, update);
        }

        /** Atomically sets {@code value}; returns the previous value. */
        public long getAndSet(long value) {
            return (long) VH.getAndSet(cell, 0L, value);
        }

        @Override
        public String toString() {
            return "Value.OfLong[" + get() + "]";
        }
    }

    /** A shared {@code double}. */
    public static final class OfDouble extends Value {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_DOUBLE.varHandle();

        OfDouble(double initial, SharedLock lock) {
            super(DOUBLE, lock);
            set(initial);
        }

        OfDouble(Form form) throws ObjectStreamException {
            super(form);
        }

        public double get() {
            return (double) VH.getVolatile(cell, 0L);
        }

        public void set(double value) {
            VH.setVolatile(cell, 0L, value);
        }

        /** Atomically adds {@code delta} (a compare-and-set loop); returns the new value. */
        public double addAndGet(double delta) {
            while (true) {
                double current = get();
                if (compareAndSet(current, current + delta)) return current + delta;
            }
        }

        /** Atomically sets {@code update} if the value is (bit for bit) {@code expected}. */
        public boolean compareAndSet(double expected, double update) {
            return VH.compareAndSet(cell, 0L, expected, update);
        }

        @Override
        public String toString() {
            return "Value.OfDouble[" + get() + "]";
        }
    }

    /** A shared {@code float}. */
    public static final class OfFloat extends Value {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_FLOAT.varHandle();

        OfFloat(float initial, SharedLock lock) {
            super(FLOAT, lock);
            set(initial);
        }

        OfFloat(Form form) throws ObjectStreamException {
            super(form);
        }

        public float get() {
            return (float) VH.getVolatile(cell, 0L);
        }

        public void set(float value) {
            VH.setVolatile(cell, 0L, value);
        }

        /** Atomically sets {@code update} if the value is (bit for bit) {@code expected}. */
        public boolean compareAndSet(float expected, float update) {
            return VH.compareAndSet(cell, 0L, expected, update);
        }

        @Override
        public String toString() {
            return "Value.OfFloat[" + get() + "]";
        }
    }

    /** A shared {@code short}: get and set only (use the lock to update it). */
    public static final class OfShort extends Value {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_SHORT.varHandle();

        OfShort(short initial, SharedLock lock) {
            super(SHORT, lock);
            set(initial);
        }

        OfShort(Form form) throws ObjectStreamException {
            super(form);
        }

        public short get() {
            return (short) VH.getVolatile(cell, 0L);
        }

        public void set(short value) {
            VH.setVolatile(cell, 0L, value);
        }

        @Override
        public String toString() {
            return "Value.OfShort[" + get() + "]";
        }
    }

    /** A shared {@code byte}: get and set only (use the lock to update it). */
    public static final class OfByte extends Value {
        @Serial
        private static final long serialVersionUID = 1L;
        private static final VarHandle VH = ValueLayout.JAVA_BYTE.varHandle();

        OfByte(byte initial, SharedLock lock) {
            super(BYTE, lock);
            set(initial);
        }

        OfByte(Form form) throws ObjectStreamException {
            super(form);
        }

        public byte get() {
            return (byte) VH.getVolatile(cell, 0L);
        }

        public void set(byte value) {
            VH.setVolatile(cell, 0L, value);
        }

        @Override
        public String toString() {
            return "Value.OfByte[" + get() + "]";
        }
    }
}
