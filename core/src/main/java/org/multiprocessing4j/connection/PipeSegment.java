package org.multiprocessing4j.connection;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.multiprocessing4j.shm.ByteRing;
import org.multiprocessing4j.shm.HeldSegment;
import org.multiprocessing4j.shm.HolderTable;
import org.multiprocessing4j.sync.SemaphoreCore;

/**
 * The shared-memory segment behind one pipe: a {@link HeldSegment} with one holder table per end
 * (left, right) and, in its payload, one ring per direction.
 *
 * <p>Payload layout:
 * <pre>
 *   0       int  flags         bit 0: duplex
 *   4       int  ring capacity (bytes, a power of two)
 *   64      4 SemaphoreCore locks, one per side of each ring (recovered if a holder dies):
 *             writers to the left, readers of the left, writers to the right, readers of the right
 *   LOCKS + 4 * SemaphoreCore.BYTES
 *           ring carrying right -> left   (always)
 *           ring carrying left -> right   (duplex only), after it
 * </pre>
 * The locks let several processes (and threads) share one end, as CPython's pipes allow for small
 * messages: each message goes and comes whole.
 *
 * <p>Immutable view; thread-safe.
 */
final class PipeSegment {

    static final int DEFAULT_RING_CAPACITY = 1 << 20;
    /** The {@link HeldSegment} kind of pipes. */
    private static final int KIND = 100;
    private static final int HOLDER_SLOTS = 16;
    private static final long FLAGS = 0, CAPACITY = 4, LOCKS = 64, RINGS = LOCKS + 4 * SemaphoreCore.BYTES;
    private static final int TO_LEFT_WRITERS = 0, TO_LEFT_READERS = 1, TO_RIGHT_WRITERS = 2, TO_RIGHT_READERS = 3;

    private final HeldSegment held;
    private final ByteRing toLeft;
    private final ByteRing toRight;
    private final SemaphoreCore[] locks = new SemaphoreCore[4];

    private PipeSegment(HeldSegment held) {
        MemorySegment s = held.payload();
        int capacity = s.get(ValueLayout.JAVA_INT, CAPACITY);
        boolean duplex = (s.get(ValueLayout.JAVA_INT, FLAGS) & 1) != 0;
        long footprint = ByteRing.footprint(capacity);
        this.held = held;
        this.toLeft = new ByteRing(s.asSlice(RINGS, footprint), capacity);
        this.toRight = duplex ? new ByteRing(s.asSlice(RINGS + footprint, footprint), capacity) : null;
        for (int i = 0; i < locks.length; i++) locks[i] = new SemaphoreCore(lockRegion(s, i));
    }

    private static MemorySegment lockRegion(MemorySegment payload, int index) {
        return payload.asSlice(LOCKS + index * SemaphoreCore.BYTES, SemaphoreCore.BYTES);
    }

    static PipeSegment create(boolean duplex, int ringCapacity) {
        long size = RINGS + (duplex ? 2 : 1) * ByteRing.footprint(ringCapacity);
        HeldSegment held = HeldSegment.create(KIND, 2, HOLDER_SLOTS, size);
        held.payload().set(ValueLayout.JAVA_INT, FLAGS, duplex ? 1 : 0);
        held.payload().set(ValueLayout.JAVA_INT, CAPACITY, ringCapacity);
        for (int i = 0; i < 4; i++) SemaphoreCore.init(lockRegion(held.payload(), i), 1, 1, true);
        return new PipeSegment(held);
    }

    static PipeSegment attach(String name) throws IOException {
        return new PipeSegment(HeldSegment.attach(name, KIND));
    }

    String name() {
        return held.name();
    }

    /** The ring an end reads, or null if it cannot read (the right end of a one-way pipe). */
    ByteRing readRing(boolean left) {
        return left ? toLeft : toRight;
    }

    /** The ring an end writes, or null if it cannot write (the left end of a one-way pipe). */
    ByteRing writeRing(boolean left) {
        return left ? toRight : toLeft;
    }

    /** The lock of the processes writing from an end. */
    SemaphoreCore writeLock(boolean left) {
        return locks[left ? TO_RIGHT_WRITERS : TO_LEFT_WRITERS];
    }

    /** The lock of the processes reading at an end. */
    SemaphoreCore readLock(boolean left) {
        return locks[left ? TO_LEFT_READERS : TO_RIGHT_READERS];
    }

    HolderTable holders(boolean left) {
        return held.table(left ? 0 : 1);
    }

    void instanceHolds(boolean left) {
        held.instanceHolds(left ? 0 : 1);
    }

    void instanceReleased(boolean left) {
        held.instanceReleased(left ? 0 : 1);
    }

    /** Wakes every sleeper on either ring so it re-checks closes and holders. */
    void wakeAll() {
        toLeft.wakeAll();
        if (toRight != null) toRight.wakeAll();
    }

    /** Unlinks the segment once neither end has a live holder; mappings stay valid. */
    void unlinkIfUnheld() {
        held.unlinkIfUnheld();
    }
}
