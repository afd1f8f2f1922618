package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialize.ByteWriter;
import org.multiprocessing4j.serialize.ByteReader;
import org.multiprocessing4j.serialize.ExceptionForm;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serial;
import java.io.StreamCorruptedException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.serialize.Serializer;

/**
 * The target of every pool worker process: runs the initializer and makes the worker state once,
 * then runs chunks as they arrive on its connection and sends each one's results (or exception)
 * back, until told to stop or the pool's end closes. CPython's {@code multiprocessing.pool.worker}.
 *
 * <p>An initializer that throws is reported to the pool (which then breaks, as CPython's
 * {@code ProcessPoolExecutor} does) and the worker exits. An exception from a task, from
 * deserializing its arguments or from serializing its result fails only that chunk; the worker
 * goes on.
 */
public final class WorkerLoop implements SerializableRunnable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static volatile Object state;
    /** Replies are held back for a batch at most this long, and this many bytes. */
    private static final long BATCH_NANOS = 200_000;
    private static final int BATCH_BYTES = 256 * 1024;
    private static volatile boolean inWorker;

    private final Connection connection;
    private final SerializableRunnable initializer;
    private final SerializableCallable<?> stateFactory;

    WorkerLoop(Connection connection, SerializableRunnable initializer, SerializableCallable<?> stateFactory) {
        this.connection = connection;
        this.initializer = initializer;
        this.stateFactory = stateFactory;
    }

    /**
     * The state this worker's state factory made, or null if the pool has none.
     *
     * @throws IllegalStateException if this process is not a pool worker
     */
    public static Object state() {
        if (WorkerSession.CURRENT.isBound()) return WorkerSession.CURRENT.get().state();
        if (!inWorker) throw new IllegalStateException("not in a pool worker: the worker state exists only in a task run by a pool");
        return state;
    }

    @Override
    public void run() throws IOException {
        inWorker = true;
        ByteWriter out = new ByteWriter(1024);
        try {
            if (initializer != null) initializer.run();
            if (stateFactory != null) state = stateFactory.call();
        } catch (Throwable t) {
            out.putByte(Wire.BROKEN).putLong(0).putLong(0);
            ExceptionForm.write(out, t);
            connection.sendBytes(out.array(), 0, out.size());
            connection.close();
            return;
        }
        // Only now may the pool start the clock of a task timeout: booting and setting up are not the task's.
        out.reset().putByte(Wire.READY).putLong(0).putLong(0);
        connection.sendBytes(out.array(), 0, out.size());
        FunctionCache<Object> functions = new FunctionCache<>();
        HeldReplies held = new HeldReplies(connection);
        while (true) {
            byte[] message;
            try {
                message = connection.recvBytes();
            } catch (EOFException poolGone) {
                held.close(false);
                return;
            }
            ByteReader in = new ByteReader(message);
            while (in.hasMore()) {
                byte type = in.getByte();
                if (type == Wire.STOP) {
                    held.close(true);
                    connection.close();
                    return;
                }
                if (type != Wire.TASK) throw new StreamCorruptedException("unknown pool message type " + type);
                runChunk(in, functions, out.reset());
                // Replies wait for more only while more work is already here, and at most
                // BATCH_NANOS in all, even if the next chunk runs long: a flusher thread sends them then.
                held.add(out, in.hasMore() || connection.poll());
            }
        }
    }

    /**
     * Replies held back for a batch: sent when no more work is here, when they reach
     * {@value #BATCH_BYTES} bytes, or {@value #BATCH_NANOS} ns after the first was held, whichever
     * comes first; the last by a daemon thread while the worker runs the next chunk, so a reply is
     * never held for the length of a long task (the pool would think the finished chunk still
     * runs: a timeout or a crash would be blamed on it).
     */
    private static final class HeldReplies implements Runnable {
        private final Connection connection;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition held = lock.newCondition();
        private final ByteWriter batch = new ByteWriter(1024);   // guarded by lock
        private long since;                                         // guarded by lock
        private boolean closed;                                     // guarded by lock
        private IOException failed;                                 // guarded by lock

        HeldReplies(Connection connection) {
            this.connection = connection;
            Thread flusher = new Thread(this, "mp4j-pool-worker-flusher");
            flusher.setDaemon(true);
            flusher.start();
        }

        /** Adds a reply; sends the batch unless more work is here and it is still young and small. */
        void add(ByteWriter reply, boolean moreHere) throws IOException {
            lock.lock();
            try {
                if (failed != null) throw failed;
                boolean first = batch.size() == 0;
                if (first) since = System.nanoTime();
                batch.putRaw(reply.array(), 0, reply.size());
                if (!moreHere || batch.size() >= BATCH_BYTES || System.nanoTime() - since >= BATCH_NANOS) {
                    send();
                } else if (first) {
                    held.signal();      // the flusher times this batch
                }
            } finally {
                lock.unlock();
            }
        }

        /** Stops the flusher, sending what is held first if {@code flush}. */
        void close(boolean flush) throws IOException {
            lock.lock();
            try {
                if (flush && batch.size() > 0 && failed == null) send();
                closed = true;
                held.signal();
            } finally {
                lock.unlock();
            }
        }

        private void send() throws IOException {
            connection.sendBytes(batch.array(), 0, batch.size());
            batch.reset();
        }

        @Override
        public void run() {
            lock.lock();
            try {
                while (!closed) {
                    if (batch.size() == 0) {
                        held.await();
                        continue;
                    }
                    long left = since + BATCH_NANOS - System.nanoTime();
                    if (left > 0) held.awaitNanos(left);
                    else send();
                }
            } catch (IOException e) {
                failed = e;     // the worker's next add() throws it
            } catch (InterruptedException e) {
                // a daemon: ends with the worker
            } finally {
                lock.unlock();
            }
        }
    }

    /** Runs the chunk in {@code in} and appends the reply to {@code out}. */
    static void runChunk(ByteReader in, FunctionCache<Object> functions, ByteWriter out) throws EOFException {
        long seq = in.getLong();
        long functionId = in.getLong();
        int functionLength = in.getInt();
        Object function;
        if (functionLength >= 0) {
            function = deserializeFunction(in.getRaw(functionLength));
            if (in.getByte() != 0) functions.put(functionId, function, functionLength);
        } else {
            function = functions.get(functionId);
            if (function == null) function = new IllegalStateException("pool worker has no function " + functionId);
        }
        int arity = in.getInt();
        int count = in.getInt();
        int itemsLength = in.getInt();
        int itemsEnd = in.position() + itemsLength;
        long start = System.nanoTime();
        Serializer serializer = Serializer.standard();
        int reply = out.size();
        out.putByte(Wire.RESULT).putLong(seq).putLong(0).putInt(count);
        try {
            if (function instanceof Throwable cannotLoad) throw cannotLoad;
            TaskFunction task = (TaskFunction) function;
            Object[] args = new Object[arity];
            for (int item = 0; item < count; item++) {
                for (int a = 0; a < arity; a++) args[a] = in.getObject(serializer);
                out.putBytes(serializer.serialize(task.call(args)));
            }
        } catch (Throwable t) {
            out.truncate(reply);
            out.putByte(Wire.ERROR).putLong(seq).putLong(0);
            ExceptionForm.write(out, t);
        }
        out.patchLong(reply + 9, System.nanoTime() - start);
        in.seek(itemsEnd);
    }

    private static Object deserializeFunction(byte[] bytes) {
        try {
            return Serializer.standard().deserialize(bytes, 0, bytes.length);
        } catch (IOException | RuntimeException e) {
            // kept as the function, so every chunk that names it fails the same way
            return new org.multiprocessing4j.SerializationException("cannot deserialize the task function in the worker: " + e, e);
        }
    }
}
