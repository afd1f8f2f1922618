package org.multiprocessing4j.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.ref.Cleaner;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.shm.Deadline;

/**
 * A bound server socket, Unix-domain or TCP, whose {@link #accept} returns authenticated
 * {@link SocketTransport}s: what {@link org.multiprocessing4j.Listener} stands on.
 *
 * <p><b>Socket files.</b> The file of a Unix-domain socket this listener bound is removed when it
 * closes, or when the JVM exits if it was never closed; the private directory {@link #bindFresh()}
 * makes goes with it. A file left by a process killed with {@code kill -9} stays, and binding its
 * path again fails, as in CPython.
 *
 * <p>Thread-safe: threads accepting at once take turns for the socket's accept, then authenticate
 * their connections concurrently. A listener dropped without {@link #close()} closes when collected.
 */
public final class SocketListener {

    private static final Cleaner CLEANER = Cleaner.create();
    /** The longest a connected peer may take over the handshake, whatever accept's own deadline. */
    private static final long HANDSHAKE_LIMIT_NANOS = 30_000_000_000L;

    private final ServerSocketChannel server;
    private final SocketAddress address;
    private final Readiness acceptable;
    private final ReentrantLock acceptLock = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Connections accepted whose handshake runs: {@link #close()} closes them, releasing the accepting thread. */
    private final Set<SocketTransport> handshaking = ConcurrentHashMap.newKeySet();
    private final Cleaner.Cleanable closer;
    private volatile SocketAddress lastAccepted;

    private SocketListener(ServerSocketChannel server, SocketFiles files) throws IOException {
        this.server = server;
        try {
            this.address = server.getLocalAddress();
            server.configureBlocking(false);
            this.acceptable = new Readiness(server, SelectionKey.OP_ACCEPT, "for a connection to accept");
        } catch (IOException | RuntimeException e) {
            server.close();
            if (files != null) files.remove();
            throw e;
        }
        Readiness waits = acceptable;
        Set<SocketTransport> authenticating = this.handshaking;
        this.closer = CLEANER.register(this, () -> closeAll(server, waits, files, authenticating));
    }

    /** Listens on a fresh Unix-domain socket in a new temporary directory only this user can enter. */
    public static SocketListener bindFresh() throws IOException {
        Path directory = Files.createTempDirectory("mp4j-listener-");
        try {
            return bind(UnixDomainSocketAddress.of(directory.resolve("socket")), directory);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(directory);
            throw e;
        }
    }

    /**
     * Listens on {@code address}: a {@link UnixDomainSocketAddress}, or an {@link InetSocketAddress}
     * (port 0: any free port).
     *
     * @throws BindException            if the address is in use or cannot be bound, naming it
     * @throws UnknownHostException     if the host name does not resolve
     * @throws IllegalArgumentException for another kind of address
     */
    public static SocketListener bind(SocketAddress address) throws IOException {
        return bind(address, null);
    }

    private static SocketListener bind(SocketAddress address, Path ownDirectory) throws IOException {
        Objects.requireNonNull(address, "address");
        ServerSocketChannel server = switch (address) {
            case UnixDomainSocketAddress _ -> ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            case InetSocketAddress inet when inet.isUnresolved() ->
                    throw new UnknownHostException("cannot listen on " + inet + ": unknown host " + inet.getHostString());
            case InetSocketAddress _ -> ServerSocketChannel.open();
            default -> throw new IllegalArgumentException("cannot listen on " + address
                    + ": not a UnixDomainSocketAddress or InetSocketAddress but a " + address.getClass().getName());
        };
        boolean bound = false;
        try {
            server.bind(address);
            bound = true;
        } catch (IOException e) {
            BindException refused = new BindException("cannot listen on " + address + ": " + e.getMessage());
            refused.initCause(e);
            throw refused;
        } finally {
            if (!bound) server.close();
        }
        SocketFiles files = address instanceof UnixDomainSocketAddress unix
                ? SocketFiles.track(unix.getPath(), ownDirectory) : null;
        return new SocketListener(server, files);
    }

    /** The address bound: for TCP port 0, the port chosen. */
    public SocketAddress address() {
        return address;
    }

    /** The peer address of the connection {@link #accept} took last (authenticated or not), or null. */
    public SocketAddress lastAccepted() {
        return lastAccepted;
    }

    /**
     * Waits for the next connection, at most until {@code deadline}, and authenticates it both ways
     * with {@code authkey} before the same deadline; a connection that fails is closed.
     *
     * @throws IllegalStateException   if this listener is closed
     * @throws SocketTimeoutException  if no connection came, or its handshake did not end, in time
     * @throws AuthenticationException if the peer does not have the key or does not follow the protocol
     * @throws SocketException         if this listener was closed while waiting
     * @throws InterruptedIOException  if the thread was interrupted while waiting (the listener stays open)
     */
    public SocketTransport accept(byte[] authkey, long deadline) throws IOException {
        if (closed.get()) throw new IllegalStateException("the listener on " + address + " is closed");
        SocketTransport transport = new SocketTransport(nextChannel(deadline));
        handshaking.add(transport);
        try {
            if (closed.get()) throw new SocketException("the listener on " + address + " was closed");
            // An honest peer answers at once: one that stalls must not hold this thread for ever.
            Handshake.asListener(transport, authkey, Math.min(deadline, Deadline.after(HANDSHAKE_LIMIT_NANOS)));
            return transport;
        } catch (IOException | RuntimeException | Error e) {
            transport.close();
            if (closed.get() && !(e instanceof AuthenticationException)) {
                SocketException closedMeanwhile = new SocketException("the listener on " + address + " was closed during a handshake");
                closedMeanwhile.initCause(e);
                throw closedMeanwhile;
            }
            throw e;
        } finally {
            handshaking.remove(transport);
        }
    }

    private SocketChannel nextChannel(long deadline) throws IOException {
        try {
            if (!acceptLock.tryLock(Math.max(0, Deadline.remaining(deadline)), TimeUnit.NANOSECONDS)) throw timedOut();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while another thread accepted on " + address);
        }
        try {
            SocketChannel channel;
            while ((channel = server.accept()) == null) {
                if (!acceptable.await(deadline, true)) throw timedOut();
            }
            lastAccepted = channel.getRemoteAddress();
            return channel;
        } catch (IOException e) {
            if (!closed.get()) throw e;
            SocketException closedMeanwhile = new SocketException(
                    "the listener on " + address + " was closed while accept() waited");
            closedMeanwhile.initCause(e);
            throw closedMeanwhile;
        } finally {
            acceptLock.unlock();
        }
    }

    private SocketTimeoutException timedOut() {
        return new SocketTimeoutException("no connection to " + address + " in time");
    }

    /** Stops listening, releases a thread waiting in {@link #accept}, and removes the socket file; idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) closer.clean();
    }

    private static void closeAll(ServerSocketChannel server, Readiness acceptable, SocketFiles files,
                                 Set<SocketTransport> handshaking) {
        handshaking.forEach(SocketTransport::close);
        acceptable.close();
        try {
            server.close();
        } catch (IOException e) {
            // the descriptor is released whatever close() reports; nothing is left to undo
        }
        if (files != null) files.remove();
    }

    /**
     * What a Unix-domain listener leaves on disk: its socket file, and the directory made for it
     * (null when the caller chose the path). Removed on close, else when the JVM exits.
     */
    private record SocketFiles(Path socket, Path directory) {

        private static final Set<SocketFiles> LEFT = ConcurrentHashMap.newKeySet();

        static {
            Runtime.getRuntime().addShutdownHook(
                    new Thread(() -> LEFT.forEach(SocketFiles::remove), "mp4j-listener-cleanup"));
        }

        static SocketFiles track(Path socket, Path directory) {
            SocketFiles files = new SocketFiles(socket, directory);
            LEFT.add(files);
            return files;
        }

        void remove() {
            LEFT.remove(this);
            try {
                Files.deleteIfExists(socket);
                if (directory != null) Files.deleteIfExists(directory);
            } catch (IOException e) {
                // best effort: a file someone else removed or replaced is theirs
            }
        }
    }
}
