package org.multiprocessing4j.shm;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.file.NoSuchFileException;

/**
 * A shared-memory segment backing one object that processes share (a lock, an event, a queue):
 * who holds it, and its payload.
 *
 * <p>A {@link HeldSegment} with one holder table of {@value #HOLDER_SLOTS} slots; its kind says
 * what the payload is, so a handle cannot attach as the wrong type.
 *
 * <p><b>Lifetime.</b> Each process with a live instance holds the object once per instance; the
 * hold is given up by {@link #release()} or, when the instance becomes unreachable, by a cleaner.
 * The segment is unlinked when a release leaves no live holder (a dead holder does not count), so
 * nothing stays in {@code /dev/shm} once every process is done with it. A process that dies holding
 * it is forgiven lazily; if all holders die, the creator-pid sweep of {@link MappedSegment} removes
 * the segment.
 *
 * <p><b>Travelling.</b> {@link #transfer()} adds a hold on the receiver's behalf, which
 * {@link #attach} takes over, so the object is never unheld in between.
 *
 * <p>Thread-safe.
 */
public final class SharedObject {

    /** Distinct processes that can hold one object at once. */
    public static final int HOLDER_SLOTS = 128;
    private static final Cleaner CLEANER = Cleaner.create();

    private final HeldSegment held;
    private final Cleaner.Cleanable hold;

    private SharedObject(HeldSegment held, boolean alreadyHeld) {
        this.held = held;
        long pid = ProcessHandle.current().pid();
        HolderTable table = held.table(0);
        if (!alreadyHeld) table.acquire(pid);
        held.instanceHolds(0);
        this.hold = CLEANER.register(this, () -> {
            table.release(pid);
            held.instanceReleased(0);
            held.unlinkIfUnheld();
        });
    }

    /** Creates a zero-filled object of {@code kind} with {@code payloadBytes} of payload, held by this process. */
    public static SharedObject create(int kind, long payloadBytes) {
        return new SharedObject(HeldSegment.create(kind, 1, HOLDER_SLOTS, payloadBytes), false);
    }

    /**
     * Attaches to the object a {@link #transfer()} in another (or this) process referred to.
     *
     * @throws IOException if it no longer exists or is not of {@code kind}
     */
    public static SharedObject attach(Handle handle, int kind) throws IOException {
        HeldSegment held;
        try {
            held = HeldSegment.attach(handle.segment(), kind);
        } catch (NoSuchFileException e) {
            throw new EOFException("shared object " + handle.segment() + " no longer exists: every holder released it");
        }
        if (Transfers.isAdopting()) return new SharedObject(held, true);   // the hold is already ours
        SharedObject object = new SharedObject(held, false);
        held.table(0).release(handle.senderPid());
        return object;
    }

    /** The object's own memory, zero-filled at creation. */
    public MemorySegment payload() {
        return held.payload();
    }

    /** The segment's name, for messages. */
    public String name() {
        return held.name();
    }

    /** A serializable reference for another process; see the class comment. */
    public Handle transfer() {
        long self = ProcessHandle.current().pid();
        held.table(0).acquire(self);
        Transfers.reserved(held.table(0));
        return new Handle(held.name(), self);
    }

    /** Gives up this instance's hold; idempotent. */
    public void release() {
        hold.clean();
    }

    /**
     * What travels between processes in place of a shared object.
     *
     * @param segment   the segment name
     * @param senderPid the process that added a hold on the receiver's behalf
     */
    public record Handle(String segment, long senderPid) implements Serializable {
    }
}
