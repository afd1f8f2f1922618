package org.multiprocessing4j.pool;

import java.io.EOFException;
import java.io.IOException;
import java.io.Serial;
import java.io.StreamCorruptedException;
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
        if (!inWorker) throw new IllegalStateException("not in a pool worker: the worker state exists only in a task run by a pool");
        return state;
    }

    @Override
    public void run() throws IOException {
        inWorker = true;
        Wire.Writer out = new Wire.Writer(1024);
        try {
            if (initializer != null) initializer.run();
            if (stateFactory != null) state = stateFactory.call();
        } catch (Throwable t) {
            out.putByte(Wire.BROKEN).putLong(0).putLong(0);
            TaskError.write(out, t);
            connection.sendBytes(out.array(), 0, out.size());
            connection.close();
            return;
        }
        // Only now may the pool start the clock of a task timeout: booting and setting up are not the task's.
        out.reset().putByte(Wire.READY).putLong(0).putLong(0);
        connection.sendBytes(out.array(), 0, out.size());
        FunctionCache<Object> functions = new FunctionCache<>();
        out.reset();
        long batchStart = 0;
        while (true) {
            byte[] message;
            try {
                message = connection.recvBytes();
            } catch (EOFException poolGone) {
                return;
            }
            Wire.Reader in = new Wire.Reader(message);
            while (in.hasMore()) {
                byte type = in.getByte();
                if (type == Wire.STOP) {
                    if (out.size() > 0) connection.sendBytes(out.array(), 0, out.size());
                    connection.close();
                    return;
                }
                if (type != Wire.TASK) throw new StreamCorruptedException("unknown pool message type " + type);
                if (out.size() == 0) batchStart = System.nanoTime();
                runChunk(in, functions, out);
                // Replies wait for more only while more work is already here, briefly: under load
                // they go back in batches (one wake-up of the pool per batch), alone they go at once.
                boolean moreHere = in.hasMore() || connection.poll();
                if (!moreHere || out.size() >= BATCH_BYTES || System.nanoTime() - batchStart >= BATCH_NANOS) {
                    connection.sendBytes(out.array(), 0, out.size());
                    out.reset();
                }
            }
        }
    }

    /** Runs the chunk in {@code in} and appends the reply to {@code out}. */
    private static void runChunk(Wire.Reader in, FunctionCache<Object> functions, Wire.Writer out) throws EOFException {
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
            TaskError.write(out, t);
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
