package org.multiprocessing4j;

/**
 * Stands in for an exception thrown in another process that could not travel to this one: its
 * class is not serializable, has a field that is not, or is not on this process's class path.
 * The message starts with the original class name and message; the stack trace is the original's.
 */
public final class RemoteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String remoteClassName;

    /** Creates the stand-in for an exception of class {@code remoteClassName}. */
    public RemoteException(String remoteClassName, String message, StackTraceElement[] remoteFrames) {
        super(remoteClassName + (message == null ? "" : ": " + message));
        this.remoteClassName = remoteClassName;
        setStackTrace(remoteFrames);
    }

    /** The name of the class of the exception that was thrown. */
    public String remoteClassName() {
        return remoteClassName;
    }
}
