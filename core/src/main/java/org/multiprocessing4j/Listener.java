package org.multiprocessing4j;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.multiprocessing4j.connection.SocketListener;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.spawn.ProcessContext;

/**
 * Accepts socket connections from {@link Client#connect}, CPython's
 * {@code multiprocessing.connection.Listener}: each {@link #accept()} returns a {@link Connection}
 * (the same class as a {@link Pipe}'s ends, with the same methods) to one client, in this process
 * or another one, on this machine (a Unix-domain socket) or another (TCP).
 *
 * <pre>{@code
 * try (Listener listener = Listener.open()) {          // a fresh Unix-domain socket
 *     SocketAddress address = listener.address();
 *     new Process(() -> {
 *         try (Connection conn = Client.connect(address)) {
 *             conn.send("hello");
 *         }
 *     }).start();
 *     try (Connection conn = listener.accept()) {
 *         String hello = conn.recv();
 *     }
 * }
 * }</pre>
 *
 * <p><b>Addresses.</b> {@link #open()} binds a fresh Unix-domain socket in a new temporary
 * directory only this user can enter; {@link #open(int)} a TCP port on the loopback interface (port
 * 0: any free port); {@link #open(SocketAddress)} any {@link java.net.UnixDomainSocketAddress} or
 * {@link InetSocketAddress} (binding every interface is then the caller's explicit choice). The
 * socket file of a Unix-domain listener is removed by {@link #close()}, or when the JVM exits.
 *
 * <p><b>Authentication.</b> Every connection is authenticated both ways before {@code accept()}
 * and {@code connect} return: each side sends the other 32 random bytes and checks the
 * HMAC-SHA256 of them under the shared authentication key (CPython's challenge, in its SHA-256
 * form). The key is this process's ({@link Process#authkey()}, which children inherit) unless one
 * is given; an empty key is allowed. A peer with another key, or one that does not follow the
 * handshake, gets {@link AuthenticationException} on both sides, and nothing it sent is
 * deserialized: the handshake reads raw messages of at most 256 bytes. Unlike CPython, whose
 * {@code Listener} and {@code Client} skip authentication unless given a key, there is no
 * unauthenticated mode: a connection's messages are deserialized, so its peer must be trusted.
 *
 * <p><b>Connections.</b> A connection from a listener or a client sends and receives as a pipe's
 * does (messages framed as a 4-byte big-endian length and the bytes, as in CPython) and works with
 * {@link Connection#waitForAny}. It cannot be sent to another process: connect from there.
 *
 * <p>Thread-safe: several threads may accept at once, each gets its own connection.
 */
public final class Listener implements Closeable {

    private final SocketListener sockets;
    private final byte[] authkey;

    private Listener(SocketListener sockets, byte[] authkey) {
        this.sockets = sockets;
        this.authkey = authkey;
    }

    /** Listens on a fresh Unix-domain socket, with this process's authentication key. */
    public static Listener open() throws IOException {
        return open(null);
    }

    /**
     * Listens on {@code port} of the loopback interface, over TCP, with this process's
     * authentication key; port 0 picks a free port ({@link #address()} tells which).
     *
     * @throws java.net.BindException if the port is in use
     */
    public static Listener open(int port) throws IOException {
        return open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Listens on {@code address} with this process's authentication key; see {@link #open(SocketAddress, byte[])}. */
    public static Listener open(SocketAddress address) throws IOException {
        return open(address, ProcessContext.authkey());
    }

    /**
     * Listens on {@code address} and authenticates clients with {@code authkey} (copied; may be empty).
     *
     * @param address a {@link java.net.UnixDomainSocketAddress}, an {@link InetSocketAddress}, or
     *                null for a fresh Unix-domain socket
     * @throws java.net.BindException        if the address is in use or cannot be bound, naming it
     * @throws java.net.UnknownHostException if the host name does not resolve
     * @throws IllegalArgumentException      for another kind of address
     */
    public static Listener open(SocketAddress address, byte[] authkey) throws IOException {
        byte[] key = Objects.requireNonNull(authkey, "authkey").clone();
        return new Listener(address == null ? SocketListener.bindFresh() : SocketListener.bind(address), key);
    }

    /**
     * Waits for the next client and returns its connection, once authenticated.
     *
     * @throws AuthenticationException          if the client does not have the key (the connection is closed;
     *                                          the listener goes on)
     * @throws java.net.SocketException         if this listener is closed while waiting
     * @throws java.io.InterruptedIOException   if the thread is interrupted while waiting (the listener stays open)
     * @throws IllegalStateException            if this listener is closed
     */
    public Connection accept() throws IOException {
        return new Connection(sockets.accept(authkey, Deadline.NEVER));
    }

    /**
     * As {@link #accept()}, waiting at most {@code timeout} for a client and its authentication.
     *
     * @throws java.net.SocketTimeoutException if no client connected and authenticated in time
     */
    public Connection accept(Duration timeout) throws IOException {
        return new Connection(sockets.accept(authkey, Deadline.after(Deadline.nanos(timeout))));
    }

    /**
     * The address bound, for {@link Client#connect}: a {@link java.net.UnixDomainSocketAddress}, or an
     * {@link InetSocketAddress} with the real port when port 0 was asked for. Serializable, so a
     * child's target may capture it.
     */
    public SocketAddress address() {
        return sockets.address();
    }

    /**
     * The peer address of the last connection {@code accept} took, authenticated or not; empty
     * before the first. A Unix-domain client's address usually has an empty path.
     */
    public Optional<SocketAddress> lastAccepted() {
        return Optional.ofNullable(sockets.lastAccepted());
    }

    /**
     * Stops listening: a thread waiting in {@code accept} gets a {@link java.net.SocketException},
     * the socket file of a Unix-domain listener is removed, connections already accepted stay
     * open. Idempotent.
     */
    @Override
    public void close() {
        sockets.close();
    }

    @Override
    public String toString() {
        return "Listener[" + address() + "]";
    }
}
