package org.multiprocessing4j.pool;

import java.io.IOException;
import java.io.StreamCorruptedException;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.serialize.ByteReader;
import org.multiprocessing4j.serialize.ByteWriter;
import org.multiprocessing4j.serialize.ExceptionForm;

/**
 * A pool worker that is not a process of its own but a slot in a JVM running others (a cluster
 * member): the functions it keeps and its worker state, fed one message at a time. It runs the
 * chunks of a message as {@link WorkerLoop} does and returns all their replies as one message;
 * {@link org.multiprocessing4j.Pool#workerState()} in its tasks gives this slot's state.
 *
 * <p>Not thread-safe: the pool sends a worker's messages one after another, and the slot's
 * owner must run them so.
 */
public final class WorkerSession {

    /** The session whose chunk runs in this thread. */
    static final ScopedValue<WorkerSession> CURRENT = ScopedValue.newInstance();

    private final FunctionCache<Object> functions = new FunctionCache<>();
    private final Object state;
    private boolean stopped;

    private WorkerSession(Object state) {
        this.state = state;
    }

    /**
     * Runs the initializer and the state factory (either may be null) for a new slot, and appends
     * to {@code reply} the record that tells the pool how it went (READY, or BROKEN with the
     * exception).
     *
     * @return the session, or null if the set-up failed (the pool breaks on the BROKEN record)
     */
    public static WorkerSession open(SerializableRunnable initializer, SerializableCallable<?> stateFactory, ByteWriter reply) {
        WorkerSession session = new WorkerSession(null);
        try {
            if (initializer != null) {
                ScopedValue.where(CURRENT, session).call(() -> {
                    initializer.run();
                    return null;
                });
            }
            Object state = stateFactory == null ? null : ScopedValue.where(CURRENT, session).call(stateFactory::call);
            session = new WorkerSession(state);
        } catch (Throwable t) {
            reply.putByte(Wire.BROKEN).putLong(0).putLong(0);
            ExceptionForm.write(reply, t);
            return null;
        }
        reply.putByte(Wire.READY).putLong(0).putLong(0);
        return session;
    }

    Object state() {
        return state;
    }

    /**
     * Runs every chunk in {@code message} (pool → worker records), appending their replies to
     * {@code reply}; a STOP record ends the session.
     *
     * @throws IOException if the message is malformed
     */
    public void handle(byte[] message, ByteWriter reply) throws IOException {
        ByteReader in = new ByteReader(message);
        while (in.hasMore() && !stopped) {
            byte type = in.getByte();
            if (type == Wire.STOP) {
                stopped = true;
                return;
            }
            if (type != Wire.TASK) throw new StreamCorruptedException("unknown pool message type " + type);
            ScopedValue.where(CURRENT, this).call(() -> {
                WorkerLoop.runChunk(in, functions, reply);
                return null;
            });
        }
    }

    /** True once a STOP record was handled: the pool expects nothing more from this worker. */
    public boolean stopped() {
        return stopped;
    }
}
