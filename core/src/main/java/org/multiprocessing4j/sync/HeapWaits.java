package org.multiprocessing4j.sync;

import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;

/** The wait loop of the heap backends on a {@code java.util.concurrent} condition. */
final class HeapWaits {

    private HeapWaits() {
    }

    /**
     * Waits on {@code cond} (whose lock the caller holds) until {@code done} is true, at most
     * {@code timeoutNanos} ({@link Long#MAX_VALUE}: for ever).
     *
     * @return false if the time ran out first
     */
    static boolean awaitUntil(Condition cond, BooleanSupplier done, long timeoutNanos) throws InterruptedException {
        long nanos = timeoutNanos;
        while (!done.getAsBoolean()) {
            if (timeoutNanos == Long.MAX_VALUE) {
                cond.await();
            } else {
                if (nanos <= 0) return false;
                nanos = cond.awaitNanos(nanos);
            }
        }
        return true;
    }
}
