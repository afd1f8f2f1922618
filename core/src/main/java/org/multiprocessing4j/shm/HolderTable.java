package org.multiprocessing4j.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Which processes hold a shared object, with a count per process, in shared memory: the basis of
 * end-of-file on pipes and of unlinking a segment once nobody holds it.
 *
 * <p>Layout: {@code slots} longs (as many as distinct processes may hold the object at once); a
 * slot is {@code pid << 32 | count}, zero when free. Every
 * change is a compare-and-set, so processes update it concurrently without a lock. A process may
 * appear in two slots (two threads claiming at once); counts are per slot and add up.
 *
 * <p>A holder that dies without releasing is detected by asking the OS whether its pid is alive
 * ({@link #hasLiveHolder}); pid reuse within the lifetime of one object is not guarded against.
 *
 * <p>Thread-safe and process-safe.
 */
public final class HolderTable {

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment slots;
    private final int count;

    /**
     * Views a table of {@code count} slots laid out at the start of {@code region} (8-byte
     * aligned, zero-filled when new).
     */
    public HolderTable(MemorySegment region, int count) {
        this.slots = region.asSlice(0, bytes(count));
        this.count = count;
    }

    /** Bytes a table of {@code count} slots occupies. */
    public static long bytes(int count) {
        return count * 8L;
    }

    /** The slot this process last used: tried first, so a holder usually costs one compare-and-set. */
    private int hint;

    /** Adds one hold for {@code pid}; when every slot is taken, first forgets the dead holders. */
    public void acquire(long pid) {
        int h = hint;
        long s = slot(h);
        if (s == 0 ? LONG.compareAndSet(slots, h * 8L, 0L, pid << 32 | 1)
                : s >>> 32 == pid && LONG.compareAndSet(slots, h * 8L, s, s + 1)) return;
        acquireScan(pid);
    }

    private void acquireScan(long pid) {
        boolean reclaimed = false;
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int free = -1;
            for (int i = 0; i < count; i++) {
                long slot = slot(i);
                if (slot == 0) {
                    if (free < 0) free = i;
                } else if (slot >>> 32 == pid) {
                    if (LONG.compareAndSet(slots, i * 8L, slot, slot + 1)) return;
                    free = -2;                    // contended: rescan
                    break;
                }
            }
            if (free >= 0 && LONG.compareAndSet(slots, free * 8L, 0L, pid << 32 | 1)) { hint = free; return; }
            if (free == -1) {
                if (reclaimed) throw new IllegalStateException("more than " + count + " live processes hold this object");
                reclaimDead();
                reclaimed = true;
            }
        }
        throw new IllegalStateException("could not register holder " + pid + " (table contended)");
    }

    /** Removes one hold of {@code pid}; returns false if it held nothing. */
    public boolean release(long pid) {
        int h = hint;
        long s;
        while ((s = slot(h)) != 0 && s >>> 32 == pid) {
            if (LONG.compareAndSet(slots, h * 8L, s, (s & 0xFFFF_FFFFL) == 1 ? 0 : s - 1)) return true;
        }
        for (int i = 0; i < count; i++) {
            long slot;
            while ((slot = slot(i)) != 0 && slot >>> 32 == pid) {
                long next = (slot & 0xFFFF_FFFFL) == 1 ? 0 : slot - 1;
                if (LONG.compareAndSet(slots, i * 8L, slot, next)) return true;
            }
        }
        return false;
    }

    /** The holds of {@code pid}, over all its slots. */
    public int holdsOf(long pid) {
        int holds = 0;
        for (int i = 0; i < count; i++) {
            long slot = slot(i);
            if (slot >>> 32 == pid) holds += (int) (slot & 0xFFFF_FFFFL);
        }
        return holds;
    }

    /** True if any slot is taken: a cheap check, blind to dead holders. */
    public boolean hasAnyHolder() {
        for (int i = 0; i < count; i++) {
            if (slot(i) != 0) return true;
        }
        return false;
    }

    /**
     * Takes the holds of every dead process out of the table and returns how many there were:
     * each slot is claimed by one compare-and-set, so concurrent callers never count one twice.
     */
    public int reclaimDead() {
        long self = ProcessHandle.current().pid();
        int reclaimed = 0;
        for (int i = 0; i < count; i++) {
            long slot = slot(i);
            long pid = slot >>> 32;
            if (pid == 0 || pid == self || Pids.isAlive(pid)) continue;
            if (LONG.compareAndSet(slots, i * 8L, slot, 0L)) reclaimed += (int) (slot & 0xFFFF_FFFFL);
        }
        return reclaimed;
    }

    /** Removes one hold of any holder (for a release by a process that holds nothing); false if none. */
    public boolean releaseAny() {
        for (int i = 0; i < count; i++) {
            long slot;
            while ((slot = slot(i)) != 0) {
                long next = (slot & 0xFFFF_FFFFL) == 1 ? 0 : slot - 1;
                if (LONG.compareAndSet(slots, i * 8L, slot, next)) return true;
            }
        }
        return false;
    }

    /** True if a holder is this process or a process that is still alive (asks the OS). */
    public boolean hasLiveHolder() {
        return hasLiveHolder(false);
    }

    /** True if a process other than this one holds the object and is alive (asks the OS). */
    public boolean hasLiveHolderBesidesThisProcess() {
        return hasLiveHolder(true);
    }

    private boolean hasLiveHolder(boolean excludeSelf) {
        long self = ProcessHandle.current().pid();
        for (int i = 0; i < count; i++) {
            long pid = slot(i) >>> 32;
            if (pid == 0) continue;
            if (pid == self ? !excludeSelf : Pids.isAlive(pid)) return true;
        }
        return false;
    }

    private long slot(int i) {
        return (long) LONG.getVolatile(slots, i * 8L);
    }
}
