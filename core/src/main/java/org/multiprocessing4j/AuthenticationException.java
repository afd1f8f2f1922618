package org.multiprocessing4j;

import java.io.IOException;

/**
 * A {@link Listener} or {@link Client} connection failed authentication: the peer does not have
 * the same authentication key, or does not follow the handshake. CPython's
 * {@code multiprocessing.AuthenticationError}.
 *
 * <p>Thrown on the side that detected the failure, and on the other side too (the detecting side
 * says {@code #FAILURE#} before closing), by {@link Listener#accept()} and {@link Client#connect}.
 * The connection is closed and nothing the peer sent was deserialized. It is an
 * {@link IOException} (CPython's is not an {@code OSError}) because it comes from the same calls,
 * for the same reason — the other end of a socket — as their other failures.
 */
public final class AuthenticationException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public AuthenticationException(String message) {
        super(message);
    }
}
