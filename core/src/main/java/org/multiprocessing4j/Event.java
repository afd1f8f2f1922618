package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.EventCore;
import org.multiprocessing4j.sync.EventOps;

/**
 * A flag processes wait on: CPython's {@code multiprocessing.Event}. {@link #set()} wakes every
 * waiter; {@link #clear()} resets it.
 *
 * <p>Thread-safe and process-safe. An event a manager holds has the same API; each call is a
 * round trip to the server.
 */
public final class Event implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient EventOps ops;
    /** The event's shared memory; null if it lives elsewhere (then {@link #ops} travels). */
    private final transient SharedObject shared;

    /** A new event, not set. */
    public Event() {
        this(SharedObject.create(SharedForm.EVENT, EventCore.BYTES));
    }

    Event(SharedObject shared) {
        this.shared = shared;
        this.ops = new EventCore(shared.payload());
    }

    /** An event that lives where {@code ops} does (a manager's server, a cluster). */
    Event(EventOps ops) {
        this.shared = null;
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        ops.set();
    }

    /** Resets the flag. */
    public void clear() {
        ops.clear();
    }

    /** True while the flag is set. */
    public boolean isSet() {
        return ops.isSet();
    }

    /** Waits until the flag is set. */
    public void await() throws InterruptedException {
        ops.await(Long.MAX_VALUE);
    }

    /**
     * Waits until the flag is set, at most {@code timeout}.
     *
     * @return true if set (false on timeout)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return ops.await(Deadline.nanos(timeout));
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "unset") + "]";
    }

    @Serial
    private Object writeReplace() {
        return SharedForm.of(SharedForm.EVENT, shared, ops);
    }
}
