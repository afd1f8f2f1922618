package org.multiprocessing4j.cluster;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.pool.WorkerSession;
import org.multiprocessing4j.serialize.ByteWriter;

/**
 * The pool workers a member runs for the cluster's programs, each a slot: a {@link WorkerSession}
 * fed by {@link SlotCall}s in the order its pool sends them (one at a time: the pool waits for a
 * reply before it sends the next message). A slot is made by its first message, which carries the
 * pool's initializer and worker state factory, and ends with its pool's STOP, a DROP, or when the
 * program that owns it leaves the cluster. A DROP that finds no slot leaves a mark, so that a first
 * message arriving after it (the executor does not keep their order) makes none; the marks go when
 * that message comes or their program leaves.
 *
 * <p>Reply layout, sealed: {@code byte ended (1: the slot is gone, the pool reads end-of-file) |
 * the worker's reply records}.
 *
 * <p>Thread-safe: slots are found in a concurrent map; each slot's messages run under its monitor.
 */
final class MemberSlots {

    private static final byte OPEN = 0, ENDED = 1;

    /** One worker: its session, and the thread running its set-up or message now (to interrupt on DROP). */
    private static final class Slot {
        final UUID owner;
        /** A DROP's mark: no slot of this id is to be made. */
        final boolean dropped;
        WorkerSession session;        // guarded by this
        private Thread running;       // guarded by interruptible

        private final Object interruptible = new Object();

        Slot(UUID owner, boolean dropped) {
            this.owner = owner;
            this.dropped = dropped;
        }

        void enter(Thread thread) {
            synchronized (interruptible) {
                running = thread;
            }
        }

        /** After this, no DROP interrupts the thread; an interrupt it made is cleared, not left to the executor's next task. */
        void exit() {
            synchronized (interruptible) {
                running = null;
            }
            Thread.interrupted();
        }

        void interrupt() {
            synchronized (interruptible) {
                if (running != null) running.interrupt();
            }
        }
    }

    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private volatile ClusterContext context;

    /** Ties this to its member's context, once that exists. */
    void attach(ClusterContext memberContext) {
        this.context = memberContext;
    }

    /** Runs one message of slot {@code id}, making the slot first if the message carries a set-up. */
    byte[] run(String id, UUID owner, byte[] sealedSetup, byte[] sealedMessage) throws IOException {
        ClusterContext ctx = context;
        ByteWriter reply = new ByteWriter(256).putByte(OPEN);
        Slot slot = slots.get(id);
        if (slot == null && sealedSetup == null) return sealed(ctx, reply, ENDED);   // dropped
        if (slot != null && slot.dropped) {                                             // dropped before it was made
            slots.remove(id, slot);
            return sealed(ctx, reply, ENDED);
        }
        byte[] message = ctx.sealer.open(sealedMessage, "a pool message");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ctx.userClasses);
        try {
            if (slot == null) {
                Object[] setup = (Object[]) ctx.open(sealedSetup, "a pool's worker set-up");
                slot = new Slot(owner, false);
                Slot earlier = slots.putIfAbsent(id, slot);     // before the set-up: a DROP meanwhile finds and interrupts it
                if (earlier != null) {
                    if (!earlier.dropped) throw new IOException("slot " + id + " was set up twice");
                    slots.remove(id, earlier);
                    return sealed(ctx, reply, ENDED);
                }
                synchronized (slot) {
                    slot.enter(thread);
                    try {
                        slot.session = WorkerSession.open((SerializableRunnable) setup[0], (SerializableCallable<?>) setup[1], reply);
                    } finally {
                        slot.exit();
                    }
                }
                if (slot.session == null) {
                    slots.remove(id, slot);
                    return sealed(ctx, reply, ENDED);   // BROKEN is in the reply
                }
            }
            synchronized (slot) {
                if (slot.session == null || slots.get(id) != slot) return sealed(ctx, reply, ENDED);
                slot.enter(thread);
                try {
                    slot.session.handle(message, reply);
                } finally {
                    slot.exit();
                }
                if (slot.session.stopped()) {
                    slots.remove(id, slot);
                    return sealed(ctx, reply, ENDED);
                }
            }
            return sealed(ctx, reply, OPEN);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static byte[] sealed(ClusterContext ctx, ByteWriter reply, byte state) {
        reply.array()[0] = state;
        return ctx.sealer.seal(reply.toByteArray());
    }

    /** Ends slot {@code id} of {@code owner}, interrupting the task it runs, if any; if there is none yet, none is made. */
    void drop(String id, UUID owner) {
        Slot[] found = new Slot[1];
        slots.compute(id, (key, slot) -> {
            found[0] = slot;
            return slot == null ? new Slot(owner, true) : null;
        });
        if (found[0] != null) found[0].interrupt();
    }

    /** Ends every slot of a program (or member) that left the cluster. */
    void dropOwnedBy(UUID owner) {
        slots.forEach((id, slot) -> {
            if (slot.owner.equals(owner) && slots.remove(id, slot)) slot.interrupt();
        });
    }

    /** How many slots this member runs now. */
    int size() {
        return slots.size();
    }
}
