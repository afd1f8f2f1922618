package org.multiprocessing4j.sync;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.shm.ByteRing;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.Futex;
import org.multiprocessing4j.shm.MappedSegment;
import org.multiprocessing4j.shm.SharedObject;

/**
 * A multi-producer, multi-consumer FIFO of byte messages in shared memory: the core of
 * {@code Queue}, {@code SimpleQueue} and {@code JoinableQueue}.
 *
 * <p>Layout of the payload:
 * <pre>
 *   0     int  maxsize        0: unbounded
 *   4     int  joinable       1: count unfinished tasks
 *   64    long putCount       messages put so far (written by producers only, under putLock)
 *   128   long getCount       messages taken so far (consumers only, under getLock); qsize = put - get
 *   192   SemaphoreCore putLock    one producer at a time writes the ring (recovered if its holder dies)
 *   +     SemaphoreCore getLock    one consumer at a time reads it (likewise)
 *   +     SemaphoreCore freeSlots  maxsize permits (bounded queues only)
 *   +     64 bytes: int unfinished, int generation (futex), int waiters, int blindWakers (JoinableQueue)
 *   RING  ByteRing of RING_CAPACITY bytes
 * </pre>
 *
 * <p>Messages go into the ring whole, in one publish, so a consumer never waits mid-message and a
 * producer that dies never leaves half of one. A message larger than 64 KiB <em>spills</em>: it is
 * written to a segment of its own and the ring carries the segment's name (tag {@value #SPILLED},
 * a tag the serializer never uses); the consumer copies it out and unlinks the segment. The ring
 * buffers about 1 MiB of unread messages (some 80,000 small ones, or 20,000 spilled ones); past
 * that a {@code put} waits for consumers, as CPython's feeder thread waits on its pipe. Spilled
 * segments are named after the queue's segment, and live as long as it does.
 *
 * <p>Thread-safe and process-safe.
 */
public final class QueueCore implements QueueOps {

    /** Ring bytes per queue. */
    public static final int RING_CAPACITY = 1 << 20;
    /** First byte of a ring message that names a spilled message's segment. */
    public static final byte SPILLED = 0x7E;

    // Producers and consumers each write only their own cache lines in the common case.
    private static final long MAXSIZE = 0, JOINABLE = 4, PUT_COUNT = 64, GET_COUNT = 128, PUT_LOCK = 192;
    private static final long GET_LOCK = PUT_LOCK + SemaphoreCore.BYTES, FREE_SLOTS = GET_LOCK + SemaphoreCore.BYTES;
    private static final long JOIN = FREE_SLOTS + SemaphoreCore.BYTES;
    private static final long UNFINISHED = JOIN, GENERATION = JOIN + 4, JOIN_WAITERS = JOIN + 8, BLIND_WAKERS = JOIN + 12;
    private static final long RING = (JOIN + 64 + 4095) & ~4095L;
    /** Bytes of payload a queue needs. */
    public static final long BYTES = RING + ByteRing.footprint(RING_CAPACITY);

    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Messages larger than this travel in a segment of their own. */
    private static final int SPILL_THRESHOLD = RING_CAPACITY / 16;
    /**
     * How long past its timeout a get waits for an item the queue counts (another consumer's turn,
     * a producer mid-put); bounded, since a producer killed mid-put leaves a count with no item.
     */
    private static final long ITEM_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final SharedObject shared;
    private final MemorySegment state;
    private final SemaphoreCore putLock;
    private final SemaphoreCore getLock;
    private final SemaphoreCore freeSlots;
    private final MemorySegment generation;
    private final ByteRing ring;
    private final int maxsize;
    private final boolean joinable;

    private QueueCore(SharedObject shared) {
        this.shared = shared;
        this.state = shared.payload();
        this.maxsize = state.get(ValueLayout.JAVA_INT, MAXSIZE);
        this.joinable = state.get(ValueLayout.JAVA_INT, JOINABLE) != 0;
        this.putLock = new SemaphoreCore(state.asSlice(PUT_LOCK));
        this.getLock = new SemaphoreCore(state.asSlice(GET_LOCK));
        this.freeSlots = maxsize > 0 ? new SemaphoreCore(state.asSlice(FREE_SLOTS)) : null;
        this.generation = state.asSlice(GENERATION, 4);
        this.ring = new ByteRing(state.asSlice(RING, ByteRing.footprint(RING_CAPACITY)), RING_CAPACITY);
        if (!Futex.isNative()) INT.setVolatile(state, BLIND_WAKERS, 1);
    }

    /**
     * Lays out a new queue in the (zero-filled) payload of {@code shared}; {@code maxsize} 0 is
     * unbounded; a {@code joinable} queue counts unfinished tasks.
     */
    public static QueueCore init(SharedObject shared, int maxsize, boolean joinable) {
        if (maxsize < 0) throw new IllegalArgumentException("maxsize must be >= 0: " + maxsize);
        MemorySegment s = shared.payload();
        s.set(ValueLayout.JAVA_INT, MAXSIZE, maxsize);
        s.set(ValueLayout.JAVA_INT, JOINABLE, joinable ? 1 : 0);
        SemaphoreCore.init(s.asSlice(PUT_LOCK), 1, 1, true);
        SemaphoreCore.init(s.asSlice(GET_LOCK), 1, 1, true);
        if (maxsize > 0) SemaphoreCore.init(s.asSlice(FREE_SLOTS), maxsize, maxsize, false);
        return new QueueCore(shared);
    }

    /** Views a queue another process laid out. */
    public static QueueCore attach(SharedObject shared) {
        return new QueueCore(shared);
    }

    @Override
    public int maxsize() {
        return maxsize;
    }

    /** Messages put and not yet taken; approximate while others put and take. */
    @Override
    public int size() {
        return (int) ((long) LONG.getVolatile(state, PUT_COUNT) - (long) LONG.getVolatile(state, GET_COUNT));
    }

    /**
     * Appends a message, waiting up to {@code timeoutNanos} for a free slot of a bounded queue.
     *
     * @return false if the queue stayed full (its slots, or its ring's room); nothing was put
     */
    @Override
    public boolean put(byte[] message, long timeoutNanos) throws InterruptedException {
        long deadline = Deadline.after(timeoutNanos);
        if (freeSlots != null && !freeSlots.acquire(timeoutNanos)) return false;
        if (joinable) INT.getAndAdd(state, UNFINISHED, 1);   // before the message is visible: task_done cannot precede it
        boolean written = false;
        try {
            // The lock is held by a producer waiting for room when the ring is full: the deadline applies.
            if (!putLock.acquire(Deadline.remaining(deadline))) return false;
            try {
                written = writeMessage(message, deadline);
            } finally {
                putLock.release();
            }
            if (!written && Thread.interrupted()) throw new InterruptedException();
            return written;
        } finally {
            if (!written) {                     // give back what this put took
                if (joinable) INT.getAndAdd(state, UNFINISHED, -1);
                if (freeSlots != null) freeSlots.release();
            }
        }
    }

    /**
     * Writes one message into the ring, or its spill reference, waiting for room until
     * {@code deadline} or an interrupt; returns false, leaving no trace, if it could not. Frames
     * are written whole, so a producer stopped (or killed) here never leaves half of one.
     * Called holding putLock.
     */
    private boolean writeMessage(byte[] message, long deadline) {
        long count = (long) LONG.get(state, PUT_COUNT);   // only putLock's holder writes it
        LONG.setVolatile(state, PUT_COUNT, count + 1);     // counted before it is visible: qsize never goes negative
        MappedSegment spilled = message.length > SPILL_THRESHOLD ? spill(message) : null;
        boolean written = false;
        try {
            byte[] frame = spilled == null ? message : reference(spilled, message.length);
            written = ring.writeWholeFrame(frame, 0, frame.length, midFrame ->
                    Thread.currentThread().isInterrupted() ? 0 : Math.min(Deadline.remaining(deadline), SLICE_NANOS));
            return written;
        } finally {
            if (!written) {
                LONG.setVolatile(state, PUT_COUNT, count);
                if (spilled != null) spilled.unlink();
            }
        }
    }

    private MappedSegment spill(byte[] message) {
        MappedSegment segment = MappedSegment.createPartOf(shared.name(), Math.max(1, message.length));
        MemorySegment.copy(message, 0, segment.segment(), ValueLayout.JAVA_BYTE, 0, message.length);
        return segment;
    }

    /** The ring message naming a spilled message's segment. */
    private static byte[] reference(MappedSegment segment, int length) {
        byte[] name = segment.name().getBytes(StandardCharsets.US_ASCII);
        byte[] reference = new byte[name.length + 5];
        reference[0] = SPILLED;
        MemorySegment.ofArray(reference).set(ValueLayout.JAVA_INT_UNALIGNED, 1, length);
        System.arraycopy(name, 0, reference, 5, name.length);
        return reference;
    }

    /**
     * Takes the oldest message, waiting up to {@code timeoutNanos} ({@code Long.MAX_VALUE}: for ever).
     *
     * @return the message, or null if none came in time
     */
    @Override
    public byte[] get(long timeoutNanos) throws InterruptedException, IOException {
        long deadline = Deadline.after(timeoutNanos);
        if (!acquireGetLock(deadline)) return null;
        byte[] message;
        try {
            Waiting waiting = new Waiting(deadline, this::hasItems);
            int length = ring.awaitFrameLength(waiting);
            if (length < 0) {
                if (waiting.interrupted) throw new InterruptedException();
                return null;
            }
            if (waiting.interrupted) Thread.currentThread().interrupt();   // a message came anyway: keep the interrupt
            message = new byte[length];
            ring.readFrame(message, 0, length, midFrame -> SLICE_NANOS);   // whole messages only: no wait
            LONG.setRelease(state, GET_COUNT, (long) LONG.get(state, GET_COUNT) + 1);   // only getLock's holder writes it
        } finally {
            getLock.release();
        }
        if (freeSlots != null) freeSlots.release();
        return message.length > 0 && message[0] == SPILLED ? unspill(message) : message;
    }

    /**
     * Takes the consumers' lock. The timeout applies only while the queue is empty: while it holds
     * items, a consumer waits its turn (another consumer holds the lock for a moment), up to
     * {@link #ITEM_GRACE_NANOS} more, so that a {@code getNowait} on a queue with items does not say
     * "empty". The waits are long enough for the lock's recovery from a dead holder to run.
     */
    private boolean acquireGetLock(long deadline) throws InterruptedException {
        while (true) {
            long remaining = Deadline.remaining(deadline);
            if (remaining > 0) {
                if (getLock.acquire(remaining)) return true;
            } else if (hasItems() && remaining > -ITEM_GRACE_NANOS) {
                if (getLock.acquire(2 * SLICE_NANOS)) return true;
            } else {
                return getLock.tryAcquire();
            }
        }
    }

    private boolean hasItems() {
        return size() > 0;
    }

    private static byte[] unspill(byte[] reference) throws IOException {
        int length = MemorySegment.ofArray(reference).get(ValueLayout.JAVA_INT_UNALIGNED, 1);
        String name = new String(reference, 5, reference.length - 5, StandardCharsets.US_ASCII);
        MappedSegment segment;
        try {
            segment = MappedSegment.attach(name);
        } catch (NoSuchFileException e) {
            throw new EOFException("a queued message's segment " + name + " is gone (its queue's creator exited?)");
        }
        byte[] message = new byte[length];
        MemorySegment.copy(segment.segment(), ValueLayout.JAVA_BYTE, 0, message, 0, length);
        segment.unlink();
        return message;
    }

    // ---------------------------------------------------------------- JoinableQueue

    /**
     * Marks one message as processed.
     *
     * @throws IllegalStateException if called more times than messages were put
     */
    @Override
    public void taskDone() {
        int left;
        do {
            left = (int) INT.getVolatile(state, UNFINISHED);
            if (left <= 0) throw tooManyTaskDones();
        } while (!INT.compareAndSet(state, UNFINISHED, left, left - 1));
        if (left == 1) {
            INT.getAndAdd(state, GENERATION, 1);
            if ((int) INT.getVolatile(state, JOIN_WAITERS) > 0) Futex.wakeAll(generation);
        }
    }

    /** What a {@code taskDone()} with nothing unfinished throws, here and in {@link HeapQueue}. */
    static IllegalStateException tooManyTaskDones() {
        return new IllegalStateException("taskDone() called more times than there were items");
    }

    /**
     * Waits until every message put has been marked done, at most {@code timeoutNanos}.
     *
     * @return true if none is unfinished
     */
    @Override
    public boolean join(long timeoutNanos) throws InterruptedException {
        long deadline = Deadline.after(timeoutNanos);
        int round = 0;
        while ((int) INT.getVolatile(state, UNFINISHED) > 0) {
            if (Thread.interrupted()) throw new InterruptedException();
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) return false;
            int seen = (int) INT.getVolatile(state, GENERATION);
            INT.getAndAdd(state, JOIN_WAITERS, 1);
            try {
                if ((int) INT.getVolatile(state, UNFINISHED) > 0) {
                    Futex.await(generation, seen, Math.min(remaining, SLICE_NANOS), round++,
                            (int) INT.getVolatile(state, BLIND_WAKERS) != 0);
                }
            } finally {
                INT.getAndAdd(state, JOIN_WAITERS, -1);
            }
        }
        return true;
    }

    /** The shared object, to travel. */
    public SharedObject shared() {
        return shared;
    }

    /**
     * The wait policy of one get: interrupts, and its deadline, which applies only while the queue
     * is empty (an item counted but not yet written is a producer mid-put: worth the wait).
     */
    private static final class Waiting implements ByteRing.WaitPolicy {
        private final long deadline;
        private final java.util.function.BooleanSupplier itemsPending;
        private boolean interrupted;

        Waiting(long deadline, java.util.function.BooleanSupplier itemsPending) {
            this.deadline = deadline;
            this.itemsPending = itemsPending;
        }

        @Override
        public long nextSliceNanos(boolean midFrame) {
            if (Thread.interrupted()) {
                interrupted = true;
                return 0;
            }
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) return itemsPending.getAsBoolean() && remaining > -ITEM_GRACE_NANOS ? SLICE_NANOS : 0;
            return Math.min(remaining, SLICE_NANOS);
        }
    }
}
