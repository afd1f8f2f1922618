package org.multiprocessing4j;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import org.multiprocessing4j.connection.SocketTransport;
import org.multiprocessing4j.spawn.ProcessContext;

/**
 * Connects to a {@link Listener}, CPython's {@code multiprocessing.connection.Client}: the returned
 * {@link Connection} talks to the one the listener's {@code accept()} returns, in this process or
 * another one.
 *
 * <pre>{@code
 * SocketAddress address = listener.address();    // captured by the target: it travels
 * new Process(() -> {
 *     try (Connection conn = Client.connect(address)) {
 *         conn.send("hello");
 *     }
 * }).start();
 * }</pre>
 *
 * <p>Both sides prove that they have the same authentication key before anything else is
 * exchanged (see {@link Listener}); {@code connect} returns once the listener has accepted and the
 * handshake is over, so it waits while the listener is not calling {@code accept()}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Client {

    private Client() {
    }

    /**
     * Connects to the listener at {@code address} with this process's authentication key
     * ({@link Process#authkey()}: a child inherits its parent's).
     *
     * @see #connect(SocketAddress, byte[])
     */
    public static Connection connect(SocketAddress address) throws IOException {
        return connect(address, ProcessContext.authkey());
    }

    /**
     * Connects to the listener at {@code address}, a {@link java.net.UnixDomainSocketAddress} or an
     * {@link java.net.InetSocketAddress}, and authenticates both ways with {@code authkey} (may be
     * empty).
     *
     * @throws java.net.ConnectException if nothing listens at {@code address}, naming it
     * @throws AuthenticationException   if the listener has another key, or is not a listener of
     *                                   this library; nothing it sent is deserialized
     * @throws java.io.EOFException      if the listener closed the connection during the handshake
     */
    public static Connection connect(SocketAddress address, byte[] authkey) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(authkey, "authkey");
        return new Connection(SocketTransport.connect(address, authkey));
    }
}
