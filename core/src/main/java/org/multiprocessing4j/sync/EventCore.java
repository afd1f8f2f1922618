package org.multiprocessing4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.Futex;

/**
 * A flag in shared memory that processes wait on: the core of {@code Event}.
 *
 * <p>Layout ({@link #BYTES} bytes):
 * <pre>
 *   0  int flag          1 while set
 *   4  int generation    futex word: bumped by every set()
 *   8  int waiters
 *   12 int blindWakers   non-zero once a process without futex wake (see Futex) has used it
 * </pre>
 *
 * <p>Thread-safe and process-safe.
 */
public final class EventCore implements EventOps {

    /** Bytes the core occupies. */
    public static final long BYTES = 64;
    private static final long FLAG = 0, GENERATION = 4, WAITERS = 8, BLIND_WAKERS = 12;
    private static final long SLICE_NANOS = 100_000_000;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment region;
    private final MemorySegment generation;

    /** Views the core in {@code region} (zero-filled: clear). */
    public EventCore(MemorySegment region) {
        this.region = region.asSlice(0, BYTES);
        this.generation = region.asSlice(GENERATION, 4);
        if (!Futex.isNative()) INT.setVolatile(region, BLIND_WAKERS, 1);
    }

    @Override
    public boolean isSet() {
        return (int) INT.getVolatile(region, FLAG) != 0;
    }

    @Override
    public void set() {
        INT.setVolatile(region, FLAG, 1);
        INT.getAndAdd(region, GENERATION, 1);
        if ((int) INT.getVolatile(region, WAITERS) > 0) Futex.wakeAll(generation);
    }

    @Override
    public void clear() {
        INT.setVolatile(region, FLAG, 0);
    }

    /**
     * Waits until the flag is set, at most {@code timeoutNanos} ({@code Long.MAX_VALUE}: for ever).
     *
     * @return true if the flag is set, or was set at some moment during the wait
     */
    @Override
    public boolean await(long timeoutNanos) throws InterruptedException {
        int start = (int) INT.getVolatile(region, GENERATION);
        if (isSet()) return true;
        long deadline = Deadline.after(timeoutNanos);
        int round = 0;
        while (!isSet()) {
            int seen = (int) INT.getVolatile(region, GENERATION);
            if (seen != start) return true;      // set while we waited, even if cleared since: as threading.Event
            if (Thread.interrupted()) throw new InterruptedException();
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) return false;
            INT.getAndAdd(region, WAITERS, 1);
            try {
                if (!isSet()) {
                    Futex.await(generation, seen, Math.min(remaining, SLICE_NANOS), round++,
                            (int) INT.getVolatile(region, BLIND_WAKERS) != 0);
                }
            } finally {
                INT.getAndAdd(region, WAITERS, -1);
            }
        }
        return true;
    }
}
