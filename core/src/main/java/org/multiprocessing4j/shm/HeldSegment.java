package org.multiprocessing4j.shm;

import java.io.IOException;
import java.io.StreamCorruptedException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A segment whose header says which processes hold it: the common layout of every segment whose
 * lifetime follows its holders (pipes, shared objects), so that the exit hook and the sweep of
 * {@link MappedSegment} can tell whether a segment is still in use without knowing what it is.
 *
 * <p>Layout:
 * <pre>
 *   0    int magic 'MP4H'
 *   4    int kind     what the payload is (a pipe, a lock, ...), checked on attach
 *   8    int tables   how many holder tables (a pipe has one per end)
 *   12   int slots    slots per table
 *   64   the holder tables, back to back
 *   ...  the payload, 64-byte aligned
 * </pre>
 *
 * <p><b>Holds in flight.</b> This process's count in a table is its live instances plus the holds
 * it added for handles sent away and not yet taken over ({@code transfer()}). Instances are
 * counted here, per segment and table, so that the exit hook can tell that a handle is still in
 * flight and spare the segment for its receiver.
 *
 * <p>Thread-safe.
 */
public final class HeldSegment {

    private static final int MAGIC = 0x4D50_3448;   // "MP4H"
    private static final long KIND = 4, TABLES = 8, SLOTS = 12, FIRST_TABLE = 64;
    /** Live instances in this process, per segment name and table. */
    private static final Map<String, AtomicIntegerArray> INSTANCES = new ConcurrentHashMap<>();

    private final MappedSegment mapped;
    private final HolderTable[] tables;
    private final MemorySegment payload;

    private HeldSegment(MappedSegment mapped) {
        this.mapped = mapped;
        MemorySegment s = mapped.segment();
        int count = s.get(ValueLayout.JAVA_INT, TABLES), slots = s.get(ValueLayout.JAVA_INT, SLOTS);
        this.tables = new HolderTable[count];
        for (int i = 0; i < count; i++) {
            tables[i] = new HolderTable(s.asSlice(FIRST_TABLE + i * HolderTable.bytes(slots)), slots);
        }
        this.payload = s.asSlice(payloadOffset(count, slots));
    }

    private static long payloadOffset(int tables, int slots) {
        return (FIRST_TABLE + tables * HolderTable.bytes(slots) + 63) & ~63L;
    }

    /** Creates a zero-filled segment of {@code kind} with {@code tables} empty holder tables. */
    public static HeldSegment create(int kind, int tables, int slots, long payloadBytes) {
        MappedSegment mapped = MappedSegment.createHeld(payloadOffset(tables, slots) + payloadBytes);
        MemorySegment s = mapped.segment();
        s.set(ValueLayout.JAVA_INT, KIND, kind);
        s.set(ValueLayout.JAVA_INT, TABLES, tables);
        s.set(ValueLayout.JAVA_INT, SLOTS, slots);
        s.set(ValueLayout.JAVA_INT, 0, MAGIC);
        return new HeldSegment(mapped);
    }

    /**
     * Maps an existing segment of {@code kind}.
     *
     * @throws java.nio.file.NoSuchFileException if it no longer exists
     * @throws StreamCorruptedException         if it is not a segment of that kind
     */
    public static HeldSegment attach(String name, int kind) throws IOException {
        MappedSegment mapped = MappedSegment.attach(name);
        if (!isHeld(mapped.segment()) || mapped.segment().get(ValueLayout.JAVA_INT, KIND) != kind) {
            throw new StreamCorruptedException("shared memory segment " + name + " is not of the expected kind");
        }
        return new HeldSegment(mapped);
    }

    public String name() {
        return mapped.name();
    }

    public HolderTable table(int index) {
        return tables[index];
    }

    /** Notes that an instance in this process now holds the segment in table {@code index}. */
    public void instanceHolds(int index) {
        INSTANCES.compute(name(), (name, counts) -> {
            AtomicIntegerArray updated = counts != null ? counts : new AtomicIntegerArray(tables.length);
            updated.incrementAndGet(index);
            return updated;
        });
    }

    /** Notes that an instance in this process gave up its hold in table {@code index}. */
    public void instanceReleased(int index) {
        INSTANCES.computeIfPresent(name(), (name, counts) -> {
            counts.decrementAndGet(index);
            for (int i = 0; i < counts.length(); i++) {
                if (counts.get(i) > 0) return counts;
            }
            return null;                          // no instance here any more: forget the segment
        });
    }

    public MemorySegment payload() {
        return payload;
    }

    /** Unlinks the segment if no live process holds it in any table. */
    public void unlinkIfUnheld() {
        for (HolderTable table : tables) {
            if (table.hasLiveHolder()) return;
        }
        mapped.unlink();
        INSTANCES.remove(name());
    }

    private static boolean isHeld(MemorySegment s) {
        return s.byteSize() >= FIRST_TABLE && s.get(ValueLayout.JAVA_INT, 0) == MAGIC;
    }

    /**
     * True if {@code mapped} is a held segment and a live process holds it, counting this process
     * only if {@code countThisProcess}.
     */
    static boolean inUse(MappedSegment mapped, boolean countThisProcess) {
        if (!isHeld(mapped.segment())) return false;
        HeldSegment view = new HeldSegment(mapped);
        for (HolderTable table : view.tables) {
            if (countThisProcess ? table.hasLiveHolder() : table.hasLiveHolderBesidesThisProcess()) return true;
        }
        return false;
    }

    /** The segments that live instances in this process hold. */
    static java.util.Set<String> heldHere() {
        return java.util.Set.copyOf(INSTANCES.keySet());
    }

    /** True if this process sent a handle to {@code mapped} that no receiver has taken over yet. */
    static boolean hasHandlesInFlight(MappedSegment mapped) {
        if (!isHeld(mapped.segment())) return false;
        HeldSegment view = new HeldSegment(mapped);
        AtomicIntegerArray instances = INSTANCES.get(mapped.name());
        long self = ProcessHandle.current().pid();
        for (int i = 0; i < view.tables.length; i++) {
            if (view.tables[i].holdsOf(self) > (instances == null ? 0 : instances.get(i))) return true;
        }
        return false;
    }
}
