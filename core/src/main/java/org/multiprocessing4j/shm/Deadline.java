package org.multiprocessing4j.shm;

import java.time.Duration;

/**
 * Timeouts as {@link System#nanoTime()} deadlines, saturating: a timeout too long to add to the
 * clock means "for ever" ({@link Long#MAX_VALUE}) instead of overflowing into the past.
 */
public final class Deadline {

    /** The deadline that never comes. */
    public static final long NEVER = Long.MAX_VALUE;

    private Deadline() {
    }

    /** Nanoseconds in {@code timeout}: zero for a negative one, {@link #NEVER} for one too long to count. */
    public static long nanos(Duration timeout) {
        if (timeout.isNegative()) return 0;
        if (timeout.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) return NEVER;
        return timeout.toNanos();
    }

    /** The deadline {@code timeoutNanos} from now ({@link #NEVER} if it is too far to count). */
    public static long after(long timeoutNanos) {
        if (timeoutNanos <= 0) return System.nanoTime();
        long now = System.nanoTime();
        long deadline = now + timeoutNanos;
        return deadline < now || deadline == NEVER ? NEVER : deadline;   // overflowed: too far to count
    }

    /** Nanoseconds left until {@code deadline}: {@link #NEVER} for {@link #NEVER}, zero or less once passed. */
    public static long remaining(long deadline) {
        return deadline == NEVER ? NEVER : deadline - System.nanoTime();
    }
}
