package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;

/**
 * What {@link Value} and {@link Array} share: the optional lock that guards read-modify-write
 * sequences on shared data, as CPython's {@code get_lock()}.
 */
abstract class GuardedByLock implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final SharedLock lock;

    GuardedByLock(SharedLock lock) {
        this.lock = lock;
    }

    /** A new {@link RLock} (CPython's default), or none. */
    static SharedLock newLock(boolean withLock) {
        return withLock ? new RLock() : null;
    }

    /** True if there is a lock. */
    public final boolean hasLock() {
        return lock != null;
    }

    /**
     * The lock that guards read-modify-write sequences on this data.
     *
     * @throws IllegalStateException if it was created without one
     */
    public final SharedLock getLock() {
        if (lock == null) throw new IllegalStateException("this " + getClass().getSimpleName() + " was created without a lock");
        return lock;
    }

    /** The lock, or null: for the serialized form. */
    final SharedLock lockOrNull() {
        return lock;
    }
}
