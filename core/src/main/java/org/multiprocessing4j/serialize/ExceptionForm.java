package org.multiprocessing4j.serialize;

import java.io.EOFException;
import java.io.IOException;
import org.multiprocessing4j.RemoteException;
import org.multiprocessing4j.RemoteTraceback;

/**
 * The form in which an exception thrown in another process (by a pool's task or initializer, by
 * a manager's object) travels back to the caller: the serialized exception, and its class name
 * and message in plain text for when it cannot be deserialized here.
 *
 * <p>Each {@link #toThrowable()} gives a fresh instance, ready to be thrown in the caller: the
 * same class as where it was thrown, with the caller's stack trace, and a {@link RemoteTraceback}
 * holding the remote stack trace attached as its cause (as a suppressed exception when the
 * exception already has a cause). An exception that cannot travel becomes a
 * {@link RemoteException} naming its class.
 *
 * @param bytes     the serialized exception
 * @param className its class name
 * @param message   its message (may be empty)
 * @param where     where it was thrown, e.g. {@code "PoolWorker-2 (pid 4242)"}
 */
public record ExceptionForm(byte[] bytes, String className, String message, String where) {

    /** Writes {@code error} in the layout {@link #read} reads. */
    public static void write(ByteWriter out, Throwable error) {
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
    public static ExceptionForm read(ByteReader in, String where) throws EOFException {
        return new ExceptionForm(in.getBytes(), in.getString(), in.getString(), where);
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
        RemoteTraceback traceback = new RemoteTraceback("thrown in " + where, error.getStackTrace());
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
