package org.multiprocessing4j.managers;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.reflect.Proxy;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.multiprocessing4j.Client;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.serialize.ByteReader;
import org.multiprocessing4j.serialize.ByteWriter;
import org.multiprocessing4j.serialize.ExceptionForm;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.spawn.ProcessContext;

/**
 * This process's way to one manager's server: opens a connection per calling thread (the
 * server serves each on its own thread, so thread ownership of locks carries over), sends
 * requests, turns replies into values or re-thrown exceptions, and counts this process's
 * references to served objects. A proxy that becomes unreachable here is released with the next
 * request. In the server's own JVM, calls go straight to the server, still serialized (a proxy
 * behaves the same wherever it is).
 *
 * <p>One instance per server address per process, shared by every proxy of that server.
 * Thread-safe.
 */
public final class ManagerClient {

    /** The clients of this process, by the address they were reached at and by the server's own name for it. */
    private static final Map<String, ManagerClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Cleaner CLEANER = Cleaner.create();
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The client whose reply is being deserialized on this thread: proxies in it belong to it. */
    private static final ThreadLocal<ManagerClient> RECEIVING = new ThreadLocal<>();
    private static final long TIDY_MILLIS = 1000;

    static {
        Thread tidier = new Thread(ManagerClient::tidyLoop, "manager-client-tidier");
        tidier.setDaemon(true);
        tidier.start();
    }

    private final String address;
    /** How the server names itself in its tokens (it may differ from {@link #address}: localhost vs 127.0.0.1). */
    private final String canonical;
    private final byte[] authkey;
    private final long session;
    /** The server, when it runs in this JVM (calls then go straight to it). */
    private final Server local;
    private final Serializer serializer = Serializer.standard();
    private final ThreadLocal<Channel> channels = new ThreadLocal<>();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final Queue<Long> dropped = new ConcurrentLinkedQueue<>();
    /**
     * Keeps this process's session open at the server while threads come and go, and carries the
     * releases of an idle process (null in the server's JVM). Used by the tidier thread only.
     */
    private final Channel anchor;
    /** The {@link org.multiprocessing4j.Manager} handles using this client (guarded by {@link #CLIENTS}). */
    private int users;
    private volatile boolean closed;

    private ManagerClient(String address, byte[] authkey) throws IOException {
        this.address = address;
        this.authkey = authkey.clone();
        this.local = Server.running(address);
        if (local != null) {
            this.session = Server.LOCAL_SESSION;
            this.anchor = null;
            this.canonical = local.address();
        } else {
            this.session = 1 + (RANDOM.nextLong() & (Long.MAX_VALUE - 1));
            String[] serverName = new String[1];
            this.anchor = openChannel(null, serverName);
            this.canonical = serverName[0];
        }
    }

    /**
     * The client of the manager at {@code address} in this process for a new
     * {@link org.multiprocessing4j.Manager} handle, connecting (and authenticating with
     * {@code authkey}, or this process's key if null) if there is none yet; {@link #release()}
     * when the handle closes.
     *
     * @throws org.multiprocessing4j.AuthenticationException if the server refuses the key
     * @throws IOException                                  if the server cannot be reached
     */
    public static ManagerClient open(SocketAddress address, byte[] authkey) throws IOException {
        return open(Addresses.format(address), authkey);
    }

    /** {@link #open(SocketAddress, byte[])} by the address as {@link Server#address()} gives it. */
    public static ManagerClient open(String address, byte[] authkey) throws IOException {
        ManagerClient client = of(address, authkey);
        synchronized (CLIENTS) {
            if (client.closed) throw new IllegalStateException("the connection to the manager at " + address + " is closed");
            client.users++;
        }
        return client;
    }

    /**
     * The client for {@code address} (a proxy arrived naming it), connecting with {@code authkey},
     * or this process's key if null, if there is none yet.
     */
    static ManagerClient of(String address, byte[] authkey) throws IOException {
        ManagerClient existing = CLIENTS.get(address);
        if (existing != null && !existing.closed) return existing.checked(authkey);
        synchronized (CLIENTS) {
            existing = CLIENTS.get(address);
            if (existing != null && !existing.closed) return existing.checked(authkey);
            // A key given in the server's own JVM is checked as any client's would be; a proxy
            // arriving there (no key) needs none: its server is right here.
            if (authkey != null && Server.running(address) != null) verify(address, authkey);
            ManagerClient client = new ManagerClient(address, authkey != null ? authkey : ProcessContext.authkey());
            CLIENTS.put(address, client);
            CLIENTS.putIfAbsent(client.canonical, client);
            return client;
        }
    }

    /** The client whose reply this thread is deserializing, if it names the server at {@code address}. */
    static ManagerClient receiving(String address) {
        ManagerClient client = RECEIVING.get();
        return client != null && (client.canonical.equals(address) || client.address.equals(address)) ? client : null;
    }

    /** {@code token} naming the server as this process reaches it (so that it travels on reachable). */
    Token localize(Token token) {
        if (!token.address().equals(canonical) || canonical.equals(address)) return token;
        return new Token(address, token.id(), token.typeid(), token.exposed());
    }

    /**
     * This client, if {@code authkey} (null: whatever this process has) is its key; a different
     * key is put to the server, which refuses it (the client's was accepted).
     */
    private ManagerClient checked(byte[] authkey) throws IOException {
        if (authkey != null && !MessageDigest.isEqual(authkey, this.authkey)) verify(address, authkey);
        return this;
    }

    /** Authenticates once with {@code authkey}: a client in the server's own JVM passes the same check as any other. */
    private static void verify(String address, byte[] authkey) throws IOException {
        Client.connect(Addresses.parse(address), authkey).close();
    }

    /** The server's address, as this process reaches it. */
    public String address() {
        return address;
    }

    /** The server's address as a socket address. */
    public SocketAddress socketAddress() {
        return Addresses.parse(address);
    }

    byte[] authkey() {
        return authkey.clone();
    }

    /** Creates an object of a registered type in the server; this process holds the one reference. */
    public Token create(String typeid, Object... args) {
        byte[][] encoded = encode(args);
        Channel channel = channel();
        ByteWriter out = channel.begin(Protocol.CREATE, dropped).putString(typeid);
        return localize((Token) reply(channel, put(out, encoded), false));
    }

    /**
     * Calls {@code signature} on the object of {@code token} with {@code args} and returns its
     * result; re-throws what it threw (any exception type).
     *
     * @param interruptible true if the caller may be interrupted out of the call (the method
     *                      declares {@link InterruptedException}); otherwise an interrupt waits for
     *                      the reply and stays set
     */
    Object call(Token token, String signature, Object[] args, boolean interruptible) throws Exception {
        byte[][] encoded = encode(args);
        Channel channel = channel();
        ByteWriter out = channel.begin(Protocol.CALL, dropped).putLong(token.id()).putString(signature);
        return reply(channel, put(out, encoded), interruptible);
    }

    /** {@link #call} for methods that throw no checked exception. */
    Object callUnchecked(Token token, String signature, Object... args) {
        try {
            return call(token, signature, args, false);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.lang.reflect.UndeclaredThrowableException(e);
        }
    }

    /** Takes a reference in this process's name to an object whose proxy arrived from elsewhere. */
    void incref(Token token) {
        Channel channel = channel();
        reply(channel, channel.begin(Protocol.INCREF, dropped).putLong(token.id()), false);
    }

    /** Asks the server to stop (its objects are dropped, every client sees end-of-file). */
    public void shutdownServer() {
        Channel channel = channel();
        reply(channel, channel.begin(Protocol.SHUTDOWN, dropped), false);
    }

    /**
     * A proxy of {@code token} in the given shape, holding the reference this process has for
     * it; released when the proxy becomes unreachable.
     */
    Object proxy(Token token, byte shape) throws ClassNotFoundException {
        return switch (shape) {
            case ProxyForm.LIST -> track(new ListProxy<>(this, token), token);
            case ProxyForm.DICT -> track(new DictProxy<>(this, token), token);
            case ProxyForm.HANDLER -> track(new ProxyHandler(this, token), token);
            case ProxyForm.DYNAMIC -> dynamic(token, Class.forName(token.exposed(), false, loader()));
            default -> throw new IllegalArgumentException("unknown proxy shape " + shape);
        };
    }

    /** A {@link Proxy} of {@code token} implementing {@code type}. */
    public <T> T dynamic(Token token, Class<T> type) {
        ProxyHandler handler = track(new ProxyHandler(this, token), token);
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : loader();
        return type.cast(Proxy.newProxyInstance(loader, new Class<?>[] {type}, handler));
    }

    /** A list proxy of {@code token}. */
    public <E> java.util.List<E> list(Token token) {
        return track(new ListProxy<>(this, token), token);
    }

    /** A dict proxy of {@code token}. */
    public <K, V> java.util.Map<K, V> dict(Token token) {
        return track(new DictProxy<>(this, token), token);
    }

    private <P> P track(P proxy, Token token) {
        long id = token.id();
        if (local != null) {
            Server server = local;
            CLEANER.register(proxy, () -> server.releaseLocal(id));
        } else {
            Queue<Long> queue = dropped;
            CLEANER.register(proxy, () -> queue.add(id));
        }
        return proxy;
    }

    /**
     * Ends a {@link org.multiprocessing4j.Manager} handle's use of this client; the last one
     * closes this process's connections to the server (its proxies then fail here with
     * {@link IllegalStateException}).
     */
    public void release() {
        synchronized (CLIENTS) {
            if (--users > 0) return;
        }
        close();
    }

    private void close() {
        closed = true;
        CLIENTS.remove(address, this);
        CLIENTS.remove(canonical, this);
        if (anchor != null) anchor.close();
        for (Channel c : open) c.close();
        open.clear();
    }

    /** Closes the connections of threads that ended, and sends the releases of an idle process. */
    private static void tidyLoop() {
        while (true) {
            try {
                Thread.sleep(TIDY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (ManagerClient client : Set.copyOf(CLIENTS.values())) client.tidy();
        }
    }

    private void tidy() {
        for (Channel c : open) {
            if (!c.owner.isAlive()) forget(c);
        }
        if (anchor == null || dropped.isEmpty() || closed) return;
        synchronized (anchor) {
            try {
                anchor.roundTrip(anchor.begin(Protocol.RELEASE, dropped), false);
            } catch (IOException | RuntimeException e) {
                // the server is gone or going: its references with it
            }
        }
    }

    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ManagerClient.class.getClassLoader();
    }

    private byte[][] encode(Object[] args) {
        byte[][] encoded = new byte[args == null ? 0 : args.length][];
        for (int i = 0; i < encoded.length; i++) encoded[i] = serializer.serialize(args[i]);
        return encoded;
    }

    private static ByteWriter put(ByteWriter out, byte[][] args) {
        out.putInt(args.length);
        for (byte[] a : args) out.putBytes(a);
        return out;
    }

    private Object reply(Channel channel, ByteWriter request, boolean interruptible) {
        byte[] reply;
        try {
            reply = channel.roundTrip(request, interruptible);
        } catch (IOException e) {
            forget(channel);
            throw new UncheckedIOException("the manager at " + address + " cannot be reached: " + e.getMessage(), e);
        }
        ByteReader in = new ByteReader(reply);
        try {
            if (in.getByte() == Protocol.OK) {
                ManagerClient outer = RECEIVING.get();
                RECEIVING.set(this);
                try {
                    return in.getObject(serializer);
                } finally {
                    RECEIVING.set(outer);
                }
            }
            Throwable error = ExceptionForm.read(in, "the manager's server at " + address).toThrowable();
            if (error instanceof InterruptedException) Thread.interrupted(); // the exception carries the interrupt
            throw sneaky(error);
        } catch (IOException e) {
            throw new SerializationException("cannot deserialize the reply of the manager at " + address + ": "
                    + e.getMessage(), e);
        }
    }

    /** Throws a checked exception through a method that does not declare it (the caller's method does). */
    @SuppressWarnings("unchecked")
    private static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X {
        throw (X) t;
    }

    private Channel channel() {
        if (closed) throw new IllegalStateException("the connection to the manager at " + address + " is closed");
        Channel channel = channels.get();
        if (channel != null) return channel;
        for (Channel c : open) {
            if (!c.owner.isAlive()) forget(c);
        }
        Server local = Server.running(address);
        try {
            channel = local != null ? new Channel(local, Thread.currentThread())
                    : openChannel(Thread.currentThread(), new String[1]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to the manager at " + address + ": " + e.getMessage(), e);
        }
        channels.set(channel);
        open.add(channel);
        if (closed) {
            close();
            throw new IllegalStateException("the connection to the manager at " + address + " is closed");
        }
        return channel;
    }

    /**
     * Connects and authenticates; to a Unix-domain server (on this machine, then), hands over a
     * shared-memory pipe and goes on through it: a round trip costs a few microseconds instead
     * of two socket wake-ups.
     */
    private Channel openChannel(Thread owner, String[] serverName) throws IOException {
        Connection socket = Client.connect(Addresses.parse(address), authkey);
        boolean sameMachine = address.startsWith("unix:");
        Pipe pipe = null;
        try {
            Channel hello = new Channel(socket, owner);
            ByteWriter out = hello.begin(Protocol.HELLO, null).putLong(session).putByte(sameMachine ? 1 : 0);
            if (!sameMachine) {
                serverName[0] = serverName(hello.roundTrip(out, false));
                return hello;
            }
            pipe = Pipe.open(true);
            socket.sendBytes(out.array(), 0, out.size());
            socket.send(pipe.right());
            Channel channel = new Channel(pipe.left(), owner);
            serverName[0] = serverName(channel.readReply(false));
            return channel;
        } catch (IOException | RuntimeException e) {
            if (pipe != null) pipe.left().close();
            socket.close();
            throw e;
        } finally {
            if (pipe != null) pipe.right().close();
            if (sameMachine) socket.close();
        }
    }

    /** The server's name for itself, in its reply to HELLO. */
    private String serverName(byte[] helloReply) throws IOException {
        ByteReader in = new ByteReader(helloReply);
        if (in.getByte() != Protocol.OK) throw new IOException("the manager at " + address + " refused the connection");
        return (String) in.getObject(serializer);
    }

    private void forget(Channel channel) {
        channel.close();
        open.remove(channel);
        if (channels.get() == channel) channels.remove();
    }

    /** One thread's way to the server: a connection, or the server itself when it runs in this JVM. */
    private static final class Channel {
        private static final byte[] CANCEL = {Protocol.CANCEL, 0, 0, 0, 0};
        final Connection connection;
        final Server server;
        final Thread owner;
        final ByteWriter out = new ByteWriter(256);

        Channel(Connection connection, Thread owner) {
            this.connection = connection;
            this.server = null;
            this.owner = owner;
        }

        Channel(Server server, Thread owner) {
            this.connection = null;
            this.server = server;
            this.owner = owner;
        }

        /** Starts a request: the op, then the references dropped since the last one. */
        ByteWriter begin(byte op, Queue<Long> dropped) {
            out.reset().putByte(op);
            int countAt = out.size();
            out.putInt(0);
            int n = 0;
            Long id;
            while (dropped != null && (id = dropped.poll()) != null) {
                out.putLong(id);
                n++;
            }
            return out.patchInt(countAt, n);
        }

        byte[] roundTrip(ByteWriter request, boolean interruptible) throws IOException {
            if (server != null) return server.handle(Arrays.copyOf(request.array(), request.size()), Server.LOCAL_SESSION);
            connection.sendBytes(request.array(), 0, request.size());
            return readReply(interruptible);
        }

        /**
         * Waits for the reply to what was sent. An interrupt of an interruptible call is passed on
         * (CANCEL: the server interrupts the call, which then replies, with InterruptedException
         * or with what it got just before, so nothing is lost and the connection, with the locks
         * its server thread holds, stays); the thread's interrupt status is set again after.
         */
        byte[] readReply(boolean interruptible) throws IOException {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return connection.recvBytes();
                    } catch (InterruptedIOException e) {
                        Thread.interrupted(); // set by the connection; restored below
                        if (interruptible && !interrupted) connection.sendBytes(CANCEL);
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt();
            }
        }

        void close() {
            if (connection != null) connection.close();
        }
    }
}
