package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.SemaphoreCore;
import org.multiprocessing4j.sync.SemaphoreOps;

/**
 * A counting semaphore shared by processes: CPython's {@code multiprocessing.Semaphore}.
 * {@code acquire} takes a permit, waiting while there is none; {@code release} gives one back (or
 * creates one: a plain semaphore has no upper bound, so {@code new Semaphore(0)} is a signal that
 * one process releases and another acquires).
 *
 * <p>A plain semaphore does not recover the permits of processes that die, since a permit
 * acquired and never released may be a signal consumed, not a resource held; a
 * {@link BoundedSemaphore} does.
 *
 * <p>Thread-safe and process-safe. A semaphore a manager holds has the same API; each call is a
 * round trip to the server, and it recovers nothing.
 */
public class Semaphore implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SemaphoreOps ops;
    /** The semaphore's shared memory; null if it lives elsewhere (then {@link #ops} travels). */
    private final transient SharedObject shared;
    private final transient int kind;

    /**
     * A semaphore with {@code permits} permits available.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore(int permits) {
        this(SharedForm.SEMAPHORE, permits, Integer.MAX_VALUE, false);
    }

    Semaphore(int kind, int permits, int max, boolean recover) {
        if (permits < 0) throw new IllegalArgumentException("permits must be >= 0: " + permits);
        this.kind = kind;
        this.shared = SharedObject.create(kind, SemaphoreCore.BYTES);
        this.ops = SemaphoreCore.init(shared.payload(), permits, max, recover);
    }

    Semaphore(SharedObject shared) {
        this(shared, SharedForm.SEMAPHORE);
    }

    Semaphore(SharedObject shared, int kind) {
        this.kind = kind;
        this.shared = shared;
        this.ops = new SemaphoreCore(shared.payload());
    }

    /** A semaphore that lives where {@code ops} does (a manager's server, a cluster). */
    Semaphore(SemaphoreOps ops) {
        this(ops, SharedForm.SEMAPHORE);
    }

    Semaphore(SemaphoreOps ops, int kind) {
        this.kind = kind;
        this.shared = null;
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** Takes a permit, waiting as long as it takes. */
    public void acquire() throws InterruptedException {
        ops.acquire(Long.MAX_VALUE);
    }

    /**
     * Takes a permit, waiting up to {@code timeout} ({@link Duration#ZERO}: only if one is free now).
     *
     * @return true if a permit was taken
     */
    public boolean acquire(Duration timeout) throws InterruptedException {
        return ops.acquire(Deadline.nanos(timeout));
    }

    /**
     * Gives back (or adds) a permit.
     *
     * @throws IllegalStateException for a {@link BoundedSemaphore}, if that exceeds its initial permits
     */
    public void release() {
        ops.release();
    }

    /** Permits available now (CPython's {@code get_value()}). */
    public int availablePermits() {
        return ops.value();
    }

    /** Takes a permit and returns a {@link Held} that gives it back. */
    public Held hold() throws InterruptedException {
        acquire();
        return this::release;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[permits=" + availablePermits() + "]";
    }

    /** Travels as a {@link SharedForm} or an {@link OpsForm} (protected so that {@link BoundedSemaphore} inherits it). */
    @Serial
    protected final Object writeReplace() {
        return SharedForm.of(kind, shared, ops);
    }
}
