package org.multiprocessing4j;

/**
 * A child process could not be started or controlled for a reason outside the caller's input:
 * the JVM could not be launched, or died before it read its bootstrap. Misuse (starting twice,
 * joining an unstarted process) throws {@link IllegalStateException} instead.
 */
public class ProcessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public ProcessException(String message, Throwable cause) {
        super(message, cause);
    }
}
