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
 * program that owns it leaves the cluster.
 *
 * <p>Reply layout, sealed: {@code byte ended (1: the slot is gone, the pool reads end-of-file) |
 * the worker's reply records}.
 *
 * <p>Thread-safe: slots are found in a concurrent map; each slot's messages run under its monitor.
 */
final class MemberSlots {

    private static final byte OPEN = 0, ENDED = 1;

    /** One worker: its session, and the thread running its message now (to interrupt on DROP). */
    private static final class Slot {
        final UUID owner;
        WorkerSession session;        // guarded by this
        volatile Thread running;

        Slot(UUID owner) {
            this.owner = owner;
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
        byte[] message = ctx.sealer.open(sealedMessage, "a pool message");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ctx.userClasses);
        try {
            if (slot == null) {
                Object[] setup = (Object[]) ctx.open(sealedSetup, "a pool's worker set-up");
                slot = new Slot(owner);
                synchronized (slot) {
                    slot.session = WorkerSession.open((SerializableRunnable) setup[0], (SerializableCallable<?>) setup[1], reply);
                }
                if (slot.session == null) return sealed(ctx, reply, ENDED);   // BROKEN is in the reply
                if (slots.putIfAbsent(id, slot) != null) throw new IOException("slot " + id + " was set up twice");
            }
            synchronized (slot) {
                if (slot.session == null || slots.get(id) != slot) return sealed(ctx, reply, ENDED);
                slot.running = thread;
                try {
                    slot.session.handle(message, reply);
                } finally {
                    slot.running = null;
                    Thread.interrupted();    // a DROP's interrupt must not leak into the executor's next task
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

    /** Ends slot {@code id}, interrupting the task it runs, if any. */
    void drop(String id) {
        Slot slot = slots.remove(id);
        if (slot == null) return;
        Thread running = slot.running;
        if (running != null) running.interrupt();
    }

    /** Ends every slot of a program (or member) that left the cluster. */
    void dropOwnedBy(UUID owner) {
        slots.forEach((id, slot) -> {
            if (slot.owner.equals(owner)) drop(id);
        });
    }

    /** How many slots this member runs now. */
    int size() {
        return slots.size();
    }
}
