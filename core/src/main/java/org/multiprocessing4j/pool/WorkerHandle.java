package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialize.ByteWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import org.multiprocessing4j.Multiprocessing;

/**
 * The pool's side of one worker: its link, the chunks it holds, the thread that reads its
 * replies, and its outbox.
 *
 * <p><b>Sending.</b> Chunks assigned to the worker (under the engine's lock) are appended to the
 * outbox; whoever appended then calls {@link #flush()}, which sends the outbox in order under the
 * send lock. A thread that finds the send lock taken leaves its chunks to the holder, which looks
 * again after unlocking, so a reader thread never waits for a sender. The mirror of the worker's
 * {@link FunctionCache} is updated as messages are written, in send order.
 *
 * <p><b>Reading.</b> One thread per worker receives its replies and hands them to the engine;
 * end-of-file (the worker exited, or died, even by {@code kill -9}) ends the thread, which then
 * learns the exit code and tells the engine the worker is gone.
 */
final class WorkerHandle {

    private static final Object STOP = new Object();
    private static final int COALESCE_BYTES = 256 * 1024;

    final WorkerLink link;
    final String description;
    private final PoolEngine engine;
    private final long startNanos = System.nanoTime();

    // Guarded by the engine's lock.
    /** Chunks sent or being sent, in order; the head is running. */
    final ArrayDeque<Chunk> inflight = new ArrayDeque<>();
    int assigned;
    boolean stopping;
    /** The worker has booted and run its initializer and state factory: its head chunk is running. */
    boolean ready;
    Chunk timedOut;
    long itemsDone;
    long workNanos;
    /** Moving average of the time a chunk takes to run here; -1 until one has run. */
    long recentChunkNanos = -1;
    /** Bytes of the chunks queued behind the running one (sent, or being sent, not yet read). */
    long queuedBytes;

    private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final FunctionCache<Boolean> knownFunctions = new FunctionCache<>();   // guarded by sendLock
    private final ByteWriter writer = new ByteWriter(1024);                       // guarded by sendLock
    private boolean sendFailed;                                                      // guarded by sendLock

    WorkerHandle(PoolEngine engine, WorkerLink link) {
        this.engine = engine;
        this.link = link;
        this.description = link.name() + " (pid " + link.pid() + ")";
    }

    void startReader() {
        Thread reader = new PoolEngine.PoolThread(engine, this::readReplies, "mp4j-pool-" + link.name());
        reader.start();
    }

    long aliveNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Queues chunks (and, if {@code stop}, the stop message after them), then flushes. */
    void post(Collection<Chunk> chunks, boolean stop) {
        outbox.addAll(chunks);
        if (stop) outbox.add(STOP);
        flush();
    }

    /**
     * Sends what the outbox holds, unless another thread is sending (it will send it). What is
     * there is sent as few messages as possible, each up to {@value #COALESCE_BYTES} bytes.
     */
    private void flush() {
        while (!outbox.isEmpty() && sendLock.tryLock()) {
            boolean interrupted = false;
            try {
                ByteWriter out = writer.reset();
                Object next;
                while ((next = outbox.poll()) != null) {
                    if (sendFailed) continue;   // the worker is gone; its reader fails or requeues the chunks
                    if (!encode(next, out)) continue;
                    if (out.size() >= COALESCE_BYTES) {
                        interrupted |= send(out);
                        out.reset();
                    }
                }
                if (out.size() > 0 && !sendFailed) interrupted |= send(out);
            } finally {
                sendLock.unlock();
                if (interrupted) Thread.currentThread().interrupt();
            }
        }
    }

    /** Appends one record to {@code out}; false (and the worker killed) if it cannot be encoded. */
    private boolean encode(Object message, ByteWriter out) {
        int start = out.size();
        try {
            if (message == STOP) {
                out.putByte(Wire.STOP);
                return true;
            }
            Chunk chunk = (Chunk) message;
            out.putByte(Wire.TASK).putLong(chunk.seq).putLong(chunk.function.id());
            if (knownFunctions.get(chunk.function.id()) != null) {
                out.putInt(-1);
            } else {
                if (chunk.cacheFunction) knownFunctions.put(chunk.function.id(), Boolean.TRUE, chunk.function.bytes().length);
                out.putBytes(chunk.function.bytes()).putByte(chunk.cacheFunction ? 1 : 0);
            }
            out.putInt(chunk.arity).putInt(chunk.count).putBytes(chunk.items);
            return true;
        } catch (RuntimeException | Error e) {
            // Out of memory copying a huge chunk, say: the worker cannot get it, so it goes, and gone() fails the chunk.
            out.truncate(start);
            Multiprocessing.getLogger().log(Level.WARNING, "pool cannot send a chunk to " + description + "; killing it", e);
            sendFailed = true;
            link.kill();
            return false;
        }
    }

    /** Sends one message, retrying if interrupted before it began; true if it was interrupted. */
    private boolean send(ByteWriter out) {
        boolean interrupted = false;
        while (true) {
            try {
                link.send(out.array(), 0, out.size());
                return interrupted;
            } catch (InterruptedIOException e) {
                interrupted = true;     // a chunk must not be half-dispatched: clear, retry, re-assert after
                Thread.interrupted();
            } catch (IOException | IllegalStateException e) {
                sendFailed = true;      // the worker died: its reader sees end-of-file and reports it
                return interrupted;
            }
        }
    }

    private void readReplies() {
        try {
            while (true) engine.received(this, link.receive());
        } catch (EOFException workerGone) {
            // exited after a stop, or died: the exit code tells which
        } catch (IOException | RuntimeException | Error e) {
            Multiprocessing.getLogger().log(Level.WARNING, "pool lost contact with " + description + "; killing it", e);
            link.kill();
        } finally {
            link.closeChannel();
            engine.gone(this, link.awaitExit());
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
