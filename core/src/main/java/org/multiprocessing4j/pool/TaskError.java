package org.multiprocessing4j.pool;

import java.io.EOFException;
import java.io.IOException;
import org.multiprocessing4j.RemoteException;
import org.multiprocessing4j.RemoteTraceback;
import org.multiprocessing4j.serialize.Serializer;

/**
 * An exception thrown by a task (or by a worker's initializer) as it travels back to the pool:
 * the serialized exception, and its class name and message in plain text for when it cannot be
 * deserialized here.
 *
 * <p>Each {@link #toThrowable()} gives a fresh instance, ready to be thrown in the caller: the
 * same class as in the worker, with the caller's stack trace, and a {@link RemoteTraceback}
 * holding the worker's stack trace attached as its cause (as a suppressed exception when the
 * exception already has a cause). An exception that cannot travel becomes a
 * {@link RemoteException} naming its class.
 *
 * @param bytes     the serialized exception
 * @param className its class name
 * @param message   its message (may be empty)
 * @param worker    where it was thrown, e.g. {@code "PoolWorker-2 (pid 4242)"}
 */
public record TaskError(byte[] bytes, String className, String message, String worker) {

    /** Writes {@code error} in the layout {@link #read} reads. */
    static void write(Wire.Writer out, Throwable error) {
        byte[] bytes;
        try {
            bytes = Serializer.standard().serialize(error);
        } catch (RuntimeException notSerializable) {
            bytes = Serializer.standard().serialize(
                    new RemoteException(error.getClass().getName(), error.getMessage(), error.getStackTrace()));
        }
        out.putBytes(bytes).putString(error.getClass().getName()).putString(error.getMessage());
    }

    /** Reads an error written by {@link #write}. */
    static TaskError read(Wire.Reader in, String worker) throws EOFException {
        return new TaskError(in.getBytes(), in.getString(), in.getString(), worker);
    }

    /** A fresh instance of the exception, ready to throw; see the class comment. */
    public Throwable toThrowable() {
        Throwable error;
        try {
            error = (Throwable) Serializer.standard().deserialize(bytes, 0, bytes.length);
        } catch (IOException | RuntimeException e) {
            return new RemoteException(className, message + " (it could not be deserialized here: " + e + ")",
                    new StackTraceElement[0]);
        }
        RemoteTraceback traceback = new RemoteTraceback("thrown in " + worker, error.getStackTrace());
        error.setStackTrace(new Throwable().getStackTrace());
        try {
            error.initCause(traceback);
        } catch (IllegalStateException | IllegalArgumentException causeAlreadySet) {
            error.addSuppressed(traceback);
        }
        return error;
    }

    /** Throws {@link #toThrowable()}: unchecked as itself, checked wrapped in a {@code CompletionException}. */
    public RuntimeException rethrow() {
        throw unchecked(toThrowable());
    }

    /** {@code t} if unchecked (an {@link Error} is thrown as is), else a {@code CompletionException} around it. */
    public static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new java.util.concurrent.CompletionException(t);
    }
}
