package org.multiprocessing4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.Futex;
import org.multiprocessing4j.shm.HolderTable;
import org.multiprocessing4j.shm.SharedObject;

/**
 * A counting semaphore in shared memory, usable from any process that maps it: the core of every
 * lock and semaphore, as CPython's {@code SemLock}.
 *
 * <p>Layout, from the start of its region ({@link #BYTES} bytes, 64-byte aligned):
 * <pre>
 *   0   int value        permits available; the futex word waiters sleep on while it is 0
 *   4   int waiters      threads inside the sleeping part of acquire
 *   8   int max          upper bound of value (Integer.MAX_VALUE: none)
 *   12  int recover      1: permits held by processes that died come back
 *   16  int blindWakers   non-zero once a process without futex wake (see Futex) has used it
 *   20  int wakePending   1 from a wake-up until the woken waiter runs
 *   24  HolderTable      permits held, per process (kept only when recover is 1); its first
 *                        slots share the value's cache line, so a lock changes hands in one line
 * </pre>
 *
 * <p><b>Recovery.</b> With {@code recover}, each acquire records a hold for the acquiring process
 * and each release removes one (its own if it has any, else any: a lock may be released by a
 * process that did not acquire it). A waiter that has slept {@value #RECOVERY_CHECK_MILLIS} ms asks
 * the OS whether the holders are alive and gives back the permits of dead ones, so a process killed
 * while holding a lock does not block the others for ever. A process killed between taking a permit
 * and recording its hold (a few instructions) loses that permit.
 *
 * <p><b>Waiting</b> spins briefly, then sleeps on the futex in slices of at most
 * {@value #RECOVERY_CHECK_MILLIS} ms, which is also how quickly an interrupt is noticed.
 *
 * <p>Thread-safe and process-safe.
 */
public final class SemaphoreCore implements SemaphoreOps {

    /** Bytes the core occupies. */
    public static final long BYTES = (24 + HolderTable.bytes(SharedObject.HOLDER_SLOTS) + 63) & ~63L;
    // The first holder slots share the value's cache line: taking a lock moves one line, not two.
    private static final long VALUE = 0, WAITERS = 4, MAX = 8, RECOVER = 12, BLIND_WAKERS = 16, WAKE_PENDING = 20,
            HOLDERS = 24;
    private static final boolean YIELD_WHILE_SPINNING = Runtime.getRuntime().availableProcessors() <= 2;
    private static final long RECOVERY_CHECK_MILLIS = 100;
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(RECOVERY_CHECK_MILLIS);
    private static final long SPIN_NANOS = 20_000;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment region;
    private final MemorySegment valueWord;
    private final HolderTable holders;
    private final boolean recover;
    private final int max;

    /** Views a core that {@link #init} laid out in {@code region}. */
    public SemaphoreCore(MemorySegment region) {
        this.region = region.asSlice(0, BYTES);
        this.valueWord = region.asSlice(VALUE, 4);
        this.holders = new HolderTable(region.asSlice(HOLDERS), SharedObject.HOLDER_SLOTS);
        this.recover = region.get(ValueLayout.JAVA_INT, RECOVER) != 0;
        this.max = region.get(ValueLayout.JAVA_INT, MAX);
        if (!Futex.isNative()) INT.setVolatile(region, BLIND_WAKERS, 1);
    }

    /** Lays out a new core in a zero-filled region and returns a view of it. */
    public static SemaphoreCore init(MemorySegment region, int value, int max, boolean recover) {
        if (value < 0 || value > max) throw new IllegalArgumentException("value must be in [0, " + max + "]: " + value);
        region.set(ValueLayout.JAVA_INT, MAX, max);
        region.set(ValueLayout.JAVA_INT, RECOVER, recover ? 1 : 0);
        INT.setVolatile(region, VALUE, value);
        return new SemaphoreCore(region);
    }

    /** Permits available now. */
    @Override
    public int value() {
        return (int) INT.getVolatile(region, VALUE);
    }

    /** Takes a permit if one is available, without waiting. */
    public boolean tryAcquire() {
        int v;
        while ((v = value()) > 0) {
            if (INT.compareAndSet(region, VALUE, v, v - 1)) {
                if (recover) recordHold();
                return true;
            }
        }
        return false;
    }

    /** Records this process's hold; if it cannot (a full table), gives the permit back and says why. */
    private void recordHold() {
        try {
            holders.acquire(ProcessHandle.current().pid());
        } catch (RuntimeException e) {
            INT.getAndAdd(region, VALUE, 1);
            if ((int) INT.getVolatile(region, WAITERS) > 0) wakeOne();
            throw e;
        }
    }

    /**
     * Takes a permit, waiting up to {@code timeoutNanos} ({@code Long.MAX_VALUE}: for ever; zero
     * or less: not at all).
     *
     * @return true if a permit was taken
     */
    @Override
    public boolean acquire(long timeoutNanos) throws InterruptedException {
        return tryAcquire() || timeoutNanos > 0 && acquireWaiting(timeoutNanos);
    }

    /** The waiting part of {@link #acquire}, apart so that the free-permit path inlines into callers. */
    private boolean acquireWaiting(long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) throw new InterruptedException();
        long start = System.nanoTime();
        long deadline = Deadline.after(timeoutNanos);
        do {
            for (int i = 0; i < 32; i++) {
                if (tryAcquire()) return true;
                Thread.onSpinWait();
            }
            if (YIELD_WHILE_SPINNING) Thread.yield();
        } while (System.nanoTime() - start < SPIN_NANOS && Deadline.remaining(deadline) > 0);
        int round = 0;
        long lastRecovery = System.nanoTime();
        while (true) {
            if (tryAcquire()) {
                // Permits left and sleepers waiting: pass the wake on, since releases skip it while one is pending.
                if (value() > 0 && (int) INT.getVolatile(region, WAITERS) > 0) wakeOne();
                return true;
            }
            long now = System.nanoTime();
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) return false;
            if (Thread.interrupted()) throw new InterruptedException();
            if (recover && now - lastRecovery >= SLICE_NANOS) {
                lastRecovery = now;
                reclaimDeadHolders();
                continue;
            }
            INT.getAndAdd(region, WAITERS, 1);
            try {
                if (value() == 0) {
                    long slice = Math.min(remaining, SLICE_NANOS);
                    Futex.await(valueWord, 0, slice, round++, (int) INT.getVolatile(region, BLIND_WAKERS) != 0);
                }
            } finally {
                INT.getAndAdd(region, WAITERS, -1);
                INT.setVolatile(region, WAKE_PENDING, 0);   // up again, by a wake or not: the next release may wake
            }
        }
    }

    /**
     * Gives back a permit.
     *
     * @throws IllegalStateException if that would exceed the maximum (a lock released when not held)
     */
    @Override
    public void release() {
        if (value() >= max) throw tooManyReleases(max);
        // The hold goes before the permit comes back: a death in between loses a permit, where the
        // other order would let recovery create one (two holders of a lock).
        if (recover && !holders.release(ProcessHandle.current().pid())) holders.releaseAny();
        int v;
        do {
            v = value();
            if (v >= max) throw tooManyReleases(max);
        } while (!INT.compareAndSet(region, VALUE, v, v + 1));
        if ((int) INT.getVolatile(region, WAITERS) > 0) wakeOne();
    }

    /**
     * Wakes one sleeper, unless a woken one has not run yet: under contention the releaser then
     * re-acquires without a system call per release, and the woken waiter passes the wake on.
     */
    private void wakeOne() {
        if (INT.compareAndSet(region, WAKE_PENDING, 0, 1)) Futex.wake(valueWord, 1);
    }

    /** What a release over {@code max} throws, here and in {@link HeapSemaphore}. */
    static IllegalStateException tooManyReleases(int max) {
        return new IllegalStateException(max == 1 ? "release of a lock that is not held"
                : "semaphore released too many times (more than its " + max + " permits)");
    }

    private void reclaimDeadHolders() {
        int reclaimed = holders.reclaimDead();
        for (int i = 0; i < reclaimed; i++) {
            int v;
            do {
                v = value();
                if (v >= max) return;
            } while (!INT.compareAndSet(region, VALUE, v, v + 1));
        }
        if (reclaimed > 0) Futex.wakeAll(valueWord);
    }
}
