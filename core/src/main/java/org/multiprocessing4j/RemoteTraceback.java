package org.multiprocessing4j;

/**
 * Where a task's exception was thrown: attached to the exception a pool re-throws in the caller,
 * as its cause (or, when the exception already has one, as a suppressed exception). Its message
 * names the worker process; its stack trace is the one the exception had in that process.
 * CPython's {@code multiprocessing.pool.RemoteTraceback}.
 */
public final class RemoteTraceback extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates the traceback of an exception thrown in {@code where}, with the remote frames. */
    public RemoteTraceback(String where, StackTraceElement[] remoteFrames) {
        super(where);
        setStackTrace(remoteFrames);
    }
}
