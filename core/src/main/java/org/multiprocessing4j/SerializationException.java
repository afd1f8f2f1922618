package org.multiprocessing4j;

/**
 * An object could not be serialized to travel to another process, or bytes from another process
 * could not be turned back into an object. Thrown in the caller's process, at the call that was
 * given the object ({@code start()}, {@code send()}, ...), with a message naming the culprit class.
 * CPython's counterpart is {@code pickle.PicklingError}.
 */
public class SerializationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the culprit, and its cause. */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
