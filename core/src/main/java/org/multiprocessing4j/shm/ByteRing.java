package org.multiprocessing4j.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.function.BooleanSupplier;

/**
 * A single-producer, single-consumer stream of bytes in shared memory, carrying length-prefixed
 * frames. Producer and consumer may be in different processes.
 *
 * <p>Memory layout, from the start of the ring's region (every field on its own cache line so the
 * two sides never share one they write):
 * <pre>
 *   0   long writePosition   total bytes published by the producer (release store)
 *   64  long readPosition    total bytes consumed by the consumer (release store)
 *   128 int  dataSignal      futex word: bumped by the producer when the consumer may sleep
 *   132 int  dataWaiters     consumers inside await (0 or 1; more only under misuse)
 *   192 int  spaceSignal     futex word: bumped by the consumer when the producer may sleep
 *   196 int  spaceWaiters
 *   200 int  blindWakers     non-zero once a side without futex wake (see Futex) has used the ring
 *   256 byte data[capacity]  capacity a power of two
 * </pre>
 * Positions only grow; {@code writePosition - readPosition} is the number of unread bytes. Each
 * frame is {@code int length, length bytes, padding to a multiple of 4}, so headers are always
 * 4-byte aligned and never wrap. A frame larger than the ring is streamed: the producer publishes
 * what fits and waits for space.
 *
 * <p>Sleeping: a side that finds nothing to do spins briefly, then registers in the waiters word,
 * re-checks, and {@link Futex#await sleeps} on the signal word; the other side, after publishing,
 * reads the waiters word (the publish is a volatile store, so store-then-load is ordered) and only
 * then bumps the signal and wakes. A publish with no sleeper costs one fence and no syscall.
 *
 * <p>Not thread-safe: the owner serializes producers and consumers (one of each at a time). The
 * positions are re-read from shared memory on each call, so a side may move between processes as
 * long as two never use it at once.
 */
public final class ByteRing {

    /** Bytes before the data area. */
    public static final int HEADER_BYTES = 256;
    private static final long WRITE_POSITION = 0, READ_POSITION = 64;
    private static final long DATA_SIGNAL = 128, DATA_WAITERS = 132, SPACE_SIGNAL = 192, SPACE_WAITERS = 196,
            BLIND_WAKERS = 200;
    private static final long SPIN_NANOS = 50_000;
    /** Streamed frames are handed over in pieces this size, so the two sides' copies overlap. */
    private static final int STREAM_CHUNK = 64 * 1024;
    /** With this few CPUs the peer may need ours: spinning yields it between checks. */
    private static final boolean YIELD_WHILE_SPINNING = Runtime.getRuntime().availableProcessors() <= 2;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment header;
    private final MemorySegment dataSignal;
    private final MemorySegment spaceSignal;
    private final MemorySegment data;
    private final int capacity;
    private final int mask;
    /**
     * The other side's position as last read: a lower bound of its progress (positions only grow),
     * so it is safe however stale, and is re-read from shared memory only when it says "wait".
     * This keeps the other side's cache line out of the common case. Guarded by the owner's lock.
     */
    private long knownRead;
    private long knownWrite;

    /**
     * Views a ring laid out in {@code region}, which must be {@link #footprint} bytes long and
     * 64-byte aligned. A zero-filled region is an empty ring.
     */
    public ByteRing(MemorySegment region, int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 64) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 64: " + capacity);
        }
        this.header = region.asSlice(0, HEADER_BYTES);
        this.dataSignal = header.asSlice(DATA_SIGNAL, 4);
        this.spaceSignal = header.asSlice(SPACE_SIGNAL, 4);
        this.data = region.asSlice(HEADER_BYTES, capacity);
        this.capacity = capacity;
        this.mask = capacity - 1;
        if (!Futex.isNative()) INT.setVolatile(header, BLIND_WAKERS, 1);
    }

    /** Bytes a ring of this capacity occupies. */
    public static long footprint(int capacity) {
        return HEADER_BYTES + (long) capacity;
    }

    /** True if the consumer has at least one unread byte (so at least one frame has begun). */
    public boolean hasData() {
        return writePosition() != readPosition();
    }

    /** Bytes padding a frame of {@code length} payload bytes. */
    private static int padding(int length) {
        return -length & 3;
    }

    // ---------------------------------------------------------------- producer side

    /**
     * Writes one frame, waiting for space as needed. {@code stillWanted} is asked whenever the
     * ring is full and the producer would sleep; when it says no, the write stops.
     *
     * @return false if abandoned by {@code stillWanted}; the ring then holds a partial frame
     */
    public boolean writeFrame(byte[] src, int offset, int length, WaitPolicy policy) {
        if (tryWriteFrame(src, offset, length)) return true;     // the common case: all at once
        long w = writePosition();
        int pad = padding(length);
        if (!awaitSpace(w, 4, policy, false)) return false;
        data.set(ValueLayout.JAVA_INT, w & mask, length);
        w += 4;
        int done = 0;
        while (done < length) {
            long free = freeSpace(w, 1);
            if (free == 0) {
                publishWrite(w);
                if (!awaitSpace(w, 1, policy, true)) return false;
                continue;
            }
            int n = (int) Math.min(Math.min(free, length - done), STREAM_CHUNK);
            copyIn(w, src, offset + done, n);
            w += n;
            done += n;
            publishWrite(w);
        }
        if (freeSpace(w, pad) < pad) {
            publishWrite(w);
            if (!awaitSpace(w, pad, policy, true)) return false;
        }
        publishWrite(w + pad);
        return true;
    }

    /**
     * Writes one frame if the ring has room for all of it now, with a single publish (so a reader
     * never sees part of it); returns false, writing nothing, otherwise.
     */
    public boolean tryWriteFrame(byte[] src, int offset, int length) {
        long w = writePosition();
        long total = 4L + length + padding(length);
        if (freeSpace(w, total) < total) return false;
        data.set(ValueLayout.JAVA_INT, w & mask, length);
        copyIn(w + 4, src, offset, length);
        publishWrite(w + total);
        return true;
    }

    /**
     * Writes one frame whole (as {@link #tryWriteFrame}), waiting as {@code policy} allows for the
     * room; returns false, having written nothing, if the policy gave up first.
     *
     * @throws IllegalArgumentException if the frame could never fit in this ring
     */
    public boolean writeWholeFrame(byte[] src, int offset, int length, WaitPolicy policy) {
        long total = 4L + length + padding(length);
        if (total > capacity) throw new IllegalArgumentException("a frame of " + total + " bytes cannot fit in " + capacity);
        int round = 0;
        while (!tryWriteFrame(src, offset, length)) {
            long w = writePosition();
            if (!spinOrSleep(spaceSignal, SPACE_WAITERS, () -> freeSpace(w, total) >= total, policy, false, round++)) {
                if (!tryWriteFrame(src, offset, length)) return false;
                return true;
            }
        }
        return true;
    }

    /** The largest payload a frame written whole can carry. */
    public int maxWholePayload() {
        return capacity - 8;
    }

    /** Room after position {@code w}, re-reading the consumer's position only if the last look shows less than {@code needed}. */
    private long freeSpace(long w, long needed) {
        long free = capacity - (w - knownRead);
        if (free < needed) {
            knownRead = (long) LONG.getAcquire(header, READ_POSITION);
            free = capacity - (w - knownRead);
        }
        return free;
    }

    private boolean awaitSpace(long w, int needed, WaitPolicy policy, boolean midFrame) {
        int round = 0;
        while (freeSpace(w, needed) < needed) {
            if (!spinOrSleep(spaceSignal, SPACE_WAITERS, () -> freeSpace(w, needed) >= needed, policy, midFrame, round++)) {
                return false;
            }
        }
        return true;
    }

    private void copyIn(long position, byte[] src, int offset, int length) {
        int at = (int) (position & mask);
        int first = Math.min(length, capacity - at);
        MemorySegment.copy(src, offset, data, ValueLayout.JAVA_BYTE, at, first);
        if (first < length) MemorySegment.copy(src, offset + first, data, ValueLayout.JAVA_BYTE, 0, length - first);
    }

    private void publishWrite(long w) {
        LONG.setVolatile(header, WRITE_POSITION, w);
        if ((int) INT.getVolatile(header, DATA_WAITERS) > 0) signal(dataSignal);
    }

    private long writePosition() {
        return (long) LONG.getAcquire(header, WRITE_POSITION);
    }

    // ---------------------------------------------------------------- consumer side

    /**
     * Reads the length of the next frame, waiting for one as {@code policy} allows.
     *
     * @return the payload length, or -1 if {@code policy} gave up before a frame began
     * @throws IllegalStateException if the ring holds a negative length: its stream is corrupted
     */
    public int awaitFrameLength(WaitPolicy policy) {
        long r = readPosition();
        int round = 0;
        while (writtenUpTo(r) == r) {
            if (!spinOrSleep(dataSignal, DATA_WAITERS, this::hasData, policy, false, round++)) return -1;
        }
        int length = data.get(ValueLayout.JAVA_INT, r & mask);
        if (length < 0) throw new IllegalStateException("corrupted ring: frame length " + length);
        return length;
    }

    /**
     * Consumes the frame whose length {@link #awaitFrameLength} returned, copying its payload into
     * {@code dst} (which has room for it), waiting for the rest of a streamed frame as
     * {@code policy} allows.
     *
     * @return false if abandoned mid-frame
     */
    public boolean readFrame(byte[] dst, int offset, int length, WaitPolicy policy) {
        long r = readPosition() + 4;
        long end = r + length + padding(length);
        int done = 0;
        int round = 0;
        while (r < end) {
            long w = writtenUpTo(r);
            if (w == r) {
                publishRead(r);
                if (!spinOrSleep(dataSignal, DATA_WAITERS, this::hasData, policy, true, round++)) return false;
                continue;
            }
            round = 0;
            int n = (int) Math.min(Math.min(w - r, length - done), STREAM_CHUNK);
            if (n > 0) {
                copyOut(r, dst, offset + done, n);
                done += n;
                r += n;
                if (done < length) publishRead(r);
            } else {
                r = Math.min(w, end);             // padding
            }
        }
        publishRead(end);
        return true;
    }

    private void copyOut(long position, byte[] dst, int offset, int length) {
        int at = (int) (position & mask);
        int first = Math.min(length, capacity - at);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, dst, offset, first);
        if (first < length) MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, dst, offset + first, length - first);
    }

    private void publishRead(long r) {
        LONG.setVolatile(header, READ_POSITION, r);
        if ((int) INT.getVolatile(header, SPACE_WAITERS) > 0) signal(spaceSignal);
    }

    /** How far the producer has published, re-read from shared memory only if the last look says no further than {@code r}. */
    private long writtenUpTo(long r) {
        if (knownWrite <= r) knownWrite = writePosition();
        return knownWrite;
    }

    private long readPosition() {
        return (long) LONG.getAcquire(header, READ_POSITION);
    }

    // ---------------------------------------------------------------- waiting

    /** Wakes both sides, e.g. after a close, so they re-check their conditions. */
    public void wakeAll() {
        signal(dataSignal);
        signal(spaceSignal);
    }

    private static void signal(MemorySegment word) {
        INT.getAndAdd(word, 0L, 1);
        Futex.wakeAll(word);
    }

    /**
     * One step of waiting: spins on the first round, then sleeps on the futex for at most the
     * policy's slice. Returns false when the policy says to stop waiting.
     */
    private boolean spinOrSleep(MemorySegment signal, long waitersOffset, BooleanSupplier ready,
                                WaitPolicy policy, boolean midFrame, int round) {
        if (round == 0 && spinUntil(ready)) return true;
        // Read before asking the policy: a close or a death signalled in between then cuts the sleep short.
        int seen = (int) INT.getVolatile(signal, 0L);
        long slice = policy.nextSliceNanos(midFrame);
        // The other side may have published just before the policy gave up (and then exited).
        if (slice <= 0) return ready.getAsBoolean();
        INT.getAndAdd(header, waitersOffset, 1);
        try {
            if (!ready.getAsBoolean()) {
                Futex.await(signal, seen, slice, round, (int) INT.getVolatile(header, BLIND_WAKERS) != 0);
            }
        } finally {
            INT.getAndAdd(header, waitersOffset, -1);
        }
        return true;
    }

    /**
     * Busy-waits up to {@link #SPIN_NANOS}: cheaper than a sleep and a wake when the peer is quick.
     * On a machine of one or two CPUs the spinner yields between rounds of checks, or it would
     * keep the peer it waits for off the CPU.
     */
    private static boolean spinUntil(BooleanSupplier ready) {
        long start = System.nanoTime();
        do {
            for (int i = 0; i < 64; i++) {
                if (ready.getAsBoolean()) return true;
                Thread.onSpinWait();
            }
            if (YIELD_WHILE_SPINNING) Thread.yield();
        } while (System.nanoTime() - start < SPIN_NANOS);
        return false;
    }

    /**
     * Decides how long a blocked side may sleep next: the owner checks its deadline, interrupts
     * and whether the peer still exists there, since a ring knows nothing of processes.
     */
    @FunctionalInterface
    public interface WaitPolicy {
        /**
         * Nanoseconds to sleep before asking again; zero or less to stop waiting.
         *
         * @param midFrame true if part of a frame is already published (writer) or consumed
         *                 (reader): stopping now leaves the stream unusable
         */
        long nextSliceNanos(boolean midFrame);
    }
}
