package org.multiprocessing4j;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.EventCore;

/**
 * A flag processes wait on: CPython's {@code multiprocessing.Event}. {@link #set()} wakes every
 * waiter; {@link #clear()} resets it.
 *
 * <p>Thread-safe and process-safe.
 */
public final class Event implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient SharedObject shared;
    private final transient EventCore core;

    /** A new event, not set. */
    public Event() {
        this.shared = SharedObject.create(SharedForm.EVENT, EventCore.BYTES);
        this.core = new EventCore(shared.payload());
    }

    Event(SharedObject shared) {
        this.shared = shared;
        this.core = new EventCore(shared.payload());
    }

    /** Sets the flag and wakes every waiter. */
    public void set() {
        core.set();
    }

    /** Resets the flag. */
    public void clear() {
        core.clear();
    }

    /** True while the flag is set. */
    public boolean isSet() {
        return core.isSet();
    }

    /** Waits until the flag is set. */
    public void await() throws InterruptedException {
        core.await(Long.MAX_VALUE);
    }

    /**
     * Waits until the flag is set, at most {@code timeout}.
     *
     * @return true if set (false on timeout)
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return core.await(Deadline.nanos(timeout));
    }

    @Override
    public String toString() {
        return "Event[" + (isSet() ? "set" : "unset") + "]";
    }

    @Serial
    private Object writeReplace() {
        return new SharedForm(SharedForm.EVENT, shared.transfer());
    }
}
