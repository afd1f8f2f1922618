package org.multiprocessing4j.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Which processes hold a shared object, with a count per process, in shared memory: the basis of
 * end-of-file on pipes and of unlinking a segment once nobody holds it.
 *
 * <p>Layout: {@value #SLOTS} longs; a slot is {@code pid << 32 | count}, zero when free. Every
 * change is a compare-and-set, so processes update it concurrently without a lock. A process may
 * appear in two slots (two threads claiming at once); counts are per slot and add up.
 *
 * <p>A holder that dies without releasing is detected by asking the OS whether its pid is alive
 * ({@link #hasLiveHolder}); pid reuse within the lifetime of one object is not guarded against.
 *
 * <p>Thread-safe and process-safe.
 */
public final class HolderTable {

    /** Distinct processes that can hold the object at once. */
    public static final int SLOTS = 16;
    /** Bytes the table occupies. */
    public static final long BYTES = SLOTS * 8L;

    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment slots;

    /** Views a table laid out at the start of {@code region} (8-byte aligned, zero-filled when new). */
    public HolderTable(MemorySegment region) {
        this.slots = region.asSlice(0, BYTES);
    }

    /** Adds one hold for {@code pid}. */
    public void acquire(long pid) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int free = -1;
            for (int i = 0; i < SLOTS; i++) {
                long slot = slot(i);
                if (slot == 0) {
                    if (free < 0) free = i;
                } else if (slot >>> 32 == pid) {
                    if (LONG.compareAndSet(slots, i * 8L, slot, slot + 1)) return;
                    free = -2;                    // contended: rescan
                    break;
                }
            }
            if (free >= 0 && LONG.compareAndSet(slots, free * 8L, 0L, pid << 32 | 1)) return;
            if (free == -1) throw new IllegalStateException("more than " + SLOTS + " processes hold this object");
        }
        throw new IllegalStateException("could not register holder " + pid + " (table contended)");
    }

    /** Removes one hold of {@code pid}; returns false if it held nothing. */
    public boolean release(long pid) {
        for (int i = 0; i < SLOTS; i++) {
            long slot;
            while ((slot = slot(i)) != 0 && slot >>> 32 == pid) {
                long next = (slot & 0xFFFF_FFFFL) == 1 ? 0 : slot - 1;
                if (LONG.compareAndSet(slots, i * 8L, slot, next)) return true;
            }
        }
        return false;
    }

    /** True if any slot is taken: a cheap check, blind to dead holders. */
    public boolean hasAnyHolder() {
        for (int i = 0; i < SLOTS; i++) {
            if (slot(i) != 0) return true;
        }
        return false;
    }

    /** True if a holder is this process or a process that is still alive (asks the OS). */
    public boolean hasLiveHolder() {
        long self = ProcessHandle.current().pid();
        for (int i = 0; i < SLOTS; i++) {
            long pid = slot(i) >>> 32;
            if (pid == 0) continue;
            if (pid == self || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return true;
        }
        return false;
    }

    private long slot(int i) {
        return (long) LONG.getVolatile(slots, i * 8L);
    }
}
