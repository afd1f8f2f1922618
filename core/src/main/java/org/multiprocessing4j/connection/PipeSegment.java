package org.multiprocessing4j.connection;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.multiprocessing4j.shm.ByteRing;
import org.multiprocessing4j.shm.HolderTable;
import org.multiprocessing4j.shm.MappedSegment;

/**
 * The shared-memory segment behind one pipe: who holds each end, and one ring per direction.
 *
 * <p>Layout:
 * <pre>
 *   0     int  magic 'MP4P'
 *   4     int  flags         bit 0: duplex
 *   8     int  ring capacity (bytes, a power of two)
 *   64    HolderTable of the left end   (128 bytes)
 *   192   HolderTable of the right end  (128 bytes)
 *   4096  ring carrying right -> left   (always)
 *   4096 + ByteRing.footprint(capacity)
 *         ring carrying left -> right   (duplex only)
 * </pre>
 * Rings start on a page boundary so their cache lines are their own.
 *
 * <p>Immutable view; thread-safe.
 */
final class PipeSegment {

    static final int DEFAULT_RING_CAPACITY = 1 << 20;
    private static final int MAGIC = 0x4D50_3450;   // "MP4P"
    private static final long FLAGS = 4, CAPACITY = 8, LEFT_HOLDERS = 64, RIGHT_HOLDERS = 192, RINGS = 4096;

    private final MappedSegment mapped;
    private final boolean duplex;
    private final ByteRing toLeft;
    private final ByteRing toRight;
    private final HolderTable leftHolders;
    private final HolderTable rightHolders;

    private PipeSegment(MappedSegment mapped) throws IOException {
        MemorySegment s = mapped.segment();
        if (s.byteSize() < RINGS || s.get(ValueLayout.JAVA_INT, 0) != MAGIC) {
            throw new StreamCorruptedException("shared memory segment " + mapped.name() + " is not a pipe");
        }
        int capacity = s.get(ValueLayout.JAVA_INT, CAPACITY);
        this.mapped = mapped;
        this.duplex = (s.get(ValueLayout.JAVA_INT, FLAGS) & 1) != 0;
        long footprint = ByteRing.footprint(capacity);
        this.toLeft = new ByteRing(s.asSlice(RINGS, footprint), capacity);
        this.toRight = duplex ? new ByteRing(s.asSlice(RINGS + footprint, footprint), capacity) : null;
        this.leftHolders = new HolderTable(s.asSlice(LEFT_HOLDERS, HolderTable.BYTES));
        this.rightHolders = new HolderTable(s.asSlice(RIGHT_HOLDERS, HolderTable.BYTES));
    }

    static PipeSegment create(boolean duplex, int ringCapacity) {
        long size = RINGS + (duplex ? 2 : 1) * ByteRing.footprint(ringCapacity);
        MappedSegment mapped = MappedSegment.createUnique(size);
        MemorySegment s = mapped.segment();
        s.set(ValueLayout.JAVA_INT, FLAGS, duplex ? 1 : 0);
        s.set(ValueLayout.JAVA_INT, CAPACITY, ringCapacity);
        s.set(ValueLayout.JAVA_INT, 0, MAGIC);
        try {
            return new PipeSegment(mapped);
        } catch (IOException e) {
            throw new AssertionError("a pipe segment just written is unreadable", e);
        }
    }

    static PipeSegment attach(String name) throws IOException {
        return new PipeSegment(MappedSegment.attach(name));
    }

    String name() {
        return mapped.name();
    }

    boolean duplex() {
        return duplex;
    }

    /** The ring an end reads, or null if it cannot read (the right end of a one-way pipe). */
    ByteRing readRing(boolean left) {
        return left ? toLeft : toRight;
    }

    /** The ring an end writes, or null if it cannot write (the left end of a one-way pipe). */
    ByteRing writeRing(boolean left) {
        return left ? toRight : toLeft;
    }

    HolderTable holders(boolean left) {
        return left ? leftHolders : rightHolders;
    }

    /** Wakes every sleeper on either ring so it re-checks closes and holders. */
    void wakeAll() {
        toLeft.wakeAll();
        if (toRight != null) toRight.wakeAll();
    }

    /** Unlinks the segment once neither end has a live holder; mappings stay valid. */
    void unlinkIfUnheld() {
        if (!leftHolders.hasLiveHolder() && !rightHolders.hasLiveHolder()) mapped.unlink();
    }
}
