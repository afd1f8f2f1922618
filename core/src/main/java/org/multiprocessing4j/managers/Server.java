package org.multiprocessing4j.managers;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Listener;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SerializationException;
import org.multiprocessing4j.serialize.ByteReader;
import org.multiprocessing4j.serialize.ByteWriter;
import org.multiprocessing4j.serialize.ExceptionForm;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.sync.LockOps;

/**
 * A manager's server: owns the objects clients create, runs their methods on request, and frees
 * each once no session references it. CPython's {@code multiprocessing.managers.Server}.
 *
 * <p>One platform thread per connection reads a request, runs it, and replies; since a client
 * uses one connection per thread, the server thread that acquired a lock for a client thread is
 * the one that releases it. A connection whose client goes away while its call blocks (a lock, a
 * queue, an event) gets its thread interrupted within {@value #WATCH_MILLIS} ms. Calls on one
 * object from several connections run concurrently: the built-in objects are thread-safe, and a
 * registered object must be too.
 *
 * <p>Thread-safe. References are counted under one lock ({@code this}); the object table is a
 * concurrent map read without it.
 */
public final class Server {

    /** The session of the server's own JVM, which never ends. */
    static final long LOCAL_SESSION = 0;
    private static final long WATCH_MILLIS = 100;
    /**
     * Threads accepting at once: a peer that connects and then stalls its handshake holds one for
     * up to 30 s (the listener's bound), so it takes that many stalling peers to delay others.
     */
    private static final int ACCEPTORS = 4;
    /** How long a connection ending with locks held waits to see whether its whole client process went. */
    private static final long SESSION_END_WAIT_MILLIS = 1_000;
    private static final Map<String, Server> RUNNING = new ConcurrentHashMap<>();
    private static final ThreadLocal<Replying> REPLYING = new ThreadLocal<>();

    private final Listener listener;
    private final String address;
    private final Map<String, Registration> types;
    private final Serializer serializer = Serializer.standard();
    private final Map<Long, Served> objects = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, Session> sessions = new HashMap<>();
    private final Set<Handler> handlers = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    /** Set by a SHUTDOWN request; the connection that carried it stops the server once it has replied. */
    private volatile boolean shutdownRequested;

    private Server(Listener listener, List<Registration> registrations) {
        this.listener = listener;
        this.address = Addresses.format(listener.address());
        this.types = checkTypes(registrations);
        sessions.put(LOCAL_SESSION, new Session());
    }

    /**
     * The built-in types and {@code registrations} by typeid.
     *
     * @throws IllegalArgumentException if a typeid is taken twice, or is a built-in one
     */
    public static Map<String, Registration> checkTypes(List<Registration> registrations) {
        Map<String, Registration> byName = new HashMap<>();
        for (Registration r : Builtins.registrations()) byName.put(r.typeid(), r);
        for (Registration r : registrations) {
            if (byName.putIfAbsent(r.typeid(), r) != null) {
                throw new IllegalArgumentException("typeid '" + r.typeid() + "' is taken: registered twice, or built in"
                        + " (the built-in ones are " + new java.util.TreeSet<>(Builtins.typeids()) + ")");
            }
        }
        return Map.copyOf(byName);
    }

    /**
     * Starts serving {@code registrations} on {@code listener} (which authenticates every
     * connection) in background threads, and returns at once.
     */
    public static Server start(Listener listener, List<Registration> registrations) {
        Server server = new Server(listener, registrations);
        RUNNING.put(server.address, server);
        for (int i = 0; i < ACCEPTORS; i++) {
            Thread acceptor = new Thread(server::acceptLoop, "manager-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
        }
        Thread watcher = new Thread(server::watchLoop, "manager-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return server;
    }

    /** The server running in this JVM at {@code address}, or null. */
    static Server running(String address) {
        return RUNNING.get(address);
    }

    /** The address clients connect to, as {@link Addresses#format} writes it. */
    public String address() {
        return address;
    }

    /** Waits until the server has stopped, at most {@code timeout}; true if it has. */
    public boolean awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    /** Stops serving: closes the listener and every connection, and drops every object; idempotent. */
    public void stop() {
        if (stopping) return;
        stopping = true;
        RUNNING.remove(address, this);
        listener.close();
        for (Handler h : handlers) h.close();
        objects.clear();
        stopped.countDown();
    }

    /** Drops a reference of this JVM's own session: a proxy here became unreachable. */
    void releaseLocal(long id) {
        decref(id, LOCAL_SESSION);
    }

    /** The number of objects served now (for tests of the reference counting). */
    int size() {
        return objects.size();
    }

    /** Runs one request in the name of {@code session} and returns the reply. */
    byte[] handle(byte[] request, long session) {
        ByteWriter out = new ByteWriter(256);
        long[] dropped = {};
        try {
            ByteReader in = new ByteReader(request);
            byte op = in.getByte();
            // Dropped references count down after the request: an INCREF for a new proxy of an
            // object whose last old proxy this process dropped must not find it freed.
            dropped = new long[in.getInt()];
            for (int i = 0; i < dropped.length; i++) dropped[i] = in.getLong();
            Object value = switch (op) {
                case Protocol.CALL -> call(in, session);
                case Protocol.CREATE -> create(in, session);
                case Protocol.INCREF -> {
                    incref(in.getLong(), session);
                    yield null;
                }
                case Protocol.RELEASE -> null;
                case Protocol.HELLO -> address;
                case Protocol.SHUTDOWN -> {
                    shutdownRequested = true;
                    yield null;
                }
                default -> throw new IllegalArgumentException("unknown manager request " + op);
            };
            REPLYING.set(new Replying(this, session));
            try {
                out.putByte(Protocol.OK).putBytes(serializer.serialize(value));
            } finally {
                REPLYING.remove();
            }
        } catch (Throwable t) {
            ExceptionForm.write(out.reset().putByte(Protocol.ERROR), t);
        } finally {
            for (long id : dropped) decref(id, session);
        }
        return out.toByteArray();
    }

    private Object call(ByteReader in, long session) throws Throwable {
        long id = in.getLong();
        String signature = in.getString();
        Served served = objects.get(id);
        if (served == null) {
            throw new IllegalStateException("object " + id + " is not served by the manager at " + address
                    + " (it was released, or the manager restarted)");
        }
        Method method = ExposedMethods.lookup(served.exposed, signature);
        if (method == null) {
            throw new UnsupportedOperationException("method " + signature + " of the manager's '" + served.typeid
                    + "' is not exposed: only the methods of " + served.exposed.getName() + " can be called");
        }
        Object[] args = readArgs(in, signature);
        Object result;
        try {
            result = method.invoke(served.referent, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        if (result == null || !returnsProxy(method)) return result;
        return new ProxyForm(serve(result, method.getReturnType(), method.getName(), session), null,
                ProxyForm.DYNAMIC, true);
    }

    /**
     * A method returning an iterator gives the caller a proxy of it: an iterator cannot travel,
     * and its point is to walk the object where it is (CPython's {@code method_to_typeid} of
     * {@code __iter__}).
     */
    private static boolean returnsProxy(Method method) {
        return Iterator.class.isAssignableFrom(method.getReturnType());
    }

    private Token create(ByteReader in, long session) throws Throwable {
        String typeid = in.getString();
        Registration type = types.get(typeid);
        if (type == null) {
            throw new IllegalArgumentException("the manager at " + address + " has no type registered as '"
                    + typeid + "'; it has " + new java.util.TreeSet<>(types.keySet()));
        }
        Object created = type.factory().apply(readArgs(in, typeid));
        if (created == null) throw new IllegalStateException("the factory of '" + typeid + "' returned null");
        return serve(created, type.exposed(), typeid, session);
    }

    private Object[] readArgs(ByteReader in, String what) throws IOException {
        Object[] args = new Object[in.getInt()];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = in.getObject(serializer);
            } catch (IOException e) {
                throw new SerializationException("the manager's server cannot deserialize argument " + (i + 1)
                        + " of " + what + ": " + e.getMessage(), e);
            }
        }
        return args;
    }

    /** Adds {@code referent} to the table with one reference for {@code session}. */
    private Token serve(Object referent, Class<?> exposed, String typeid, long session) {
        long id = nextId.incrementAndGet();
        objects.put(id, new Served(referent, exposed, typeid));
        incref(id, session);
        return new Token(address, id, typeid, exposed.getName());
    }

    private synchronized void incref(long id, long sessionId) {
        Served served = objects.get(id);
        Session session = sessions.get(sessionId);
        if (served == null || session == null) {
            throw new IllegalStateException("object " + id + " is no longer served by the manager at " + address
                    + ": every proxy of it was dropped before this one arrived");
        }
        served.refs++;
        session.refs.merge(id, 1, Integer::sum);
    }

    /** Drops one of {@code session}'s references; one it does not hold is ignored (a client drops only its own). */
    private synchronized void decref(long id, long sessionId) {
        Session session = sessions.get(sessionId);
        Integer held = session == null ? null : session.refs.get(id);
        if (held == null) return;
        if (held == 1) session.refs.remove(id);
        else session.refs.put(id, held - 1);
        release(id, 1);
    }

    private void release(long id, int count) {
        Served served = objects.get(id);
        if (served != null && (served.refs -= count) <= 0) objects.remove(id);
    }

    private synchronized boolean sessionOpen(long sessionId) {
        return sessions.containsKey(sessionId);
    }

    private synchronized long openSession(long sessionId) {
        sessions.computeIfAbsent(sessionId, k -> new Session()).connections++;
        return sessionId;
    }

    /** A session whose last connection closed (its process exited or died) drops its references. */
    private synchronized void closeSession(long sessionId) {
        Session session = sessions.get(sessionId);
        if (session == null || --session.connections > 0) return;
        sessions.remove(sessionId);
        session.refs.forEach(this::release);
    }

    /**
     * Called while a proxy is serialized: if it is written into a reply of this JVM's server and
     * names one of its objects, takes a reference in the receiving session's name (which the
     * receiver adopts) and returns true.
     */
    static boolean referenceForReceiver(Token token) {
        Replying replying = REPLYING.get();
        if (replying == null || !replying.server.address.equals(token.address())) return false;
        replying.server.incref(token.id(), replying.session);
        return true;
    }

    private void acceptLoop() {
        while (!stopping) {
            Connection connection;
            try {
                connection = listener.accept();
            } catch (AuthenticationException e) {
                Multiprocessing.getLogger().log(Level.WARNING, "manager at " + address + " refused a client: "
                        + e.getMessage());
                continue;
            } catch (IOException | RuntimeException e) {
                // A peer that hung up or stalled mid-handshake fails its accept only.
                if (!stopping) Multiprocessing.getLogger().log(Level.FINE, "manager at " + address
                        + ": a connection failed before it was authenticated", e);
                continue;
            }
            Handler handler = new Handler(connection);
            handlers.add(handler);
            handler.thread.start();
            if (stopping) handler.close();
        }
    }

    private void watchLoop() {
        while (!stopping) {
            try {
                Thread.sleep(WATCH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (Handler h : handlers) h.interruptIfClientLeft();
        }
    }

    /** One client connection: reads requests and replies, one at a time, on its own thread. */
    private final class Handler {
        /** The authenticated socket, then (for a Unix-domain client) the shared-memory pipe it handed over. */
        private volatile Connection connection;
        final Thread thread;
        private boolean busy;

        Handler(Connection connection) {
            this.connection = connection;
            this.thread = new Thread(this::serve, "manager-connection");
            thread.setDaemon(true);
        }

        private void serve() {
            long session = -1;
            try {
                ByteReader hello = new ByteReader(connection.recvBytes());
                if (hello.getByte() != Protocol.HELLO || hello.getInt() != 0) throw new EOFException("no hello");
                long clientSession = hello.getLong();
                if (clientSession == LOCAL_SESSION) throw new EOFException("a client claimed the server's own session");
                if (hello.getByte() == 1) {
                    Connection socket = connection;
                    connection = socket.recv();
                    socket.close();
                }
                session = openSession(clientSession);
                connection.sendBytes(handle(new byte[] {Protocol.HELLO, 0, 0, 0, 0}, session));
                while (!stopping) {
                    byte[] request;
                    try {
                        request = connection.recvBytes();
                    } catch (InterruptedIOException stray) {
                        continue; // an interrupt meant for a call that had just ended
                    }
                    if (request.length > 0 && request[0] == Protocol.CANCEL) continue; // its call has ended
                    setBusy(true);
                    byte[] reply = handle(request, session);
                    setBusy(false);
                    connection.sendBytes(reply);
                    if (shutdownRequested) stop();
                }
            } catch (IOException | IllegalStateException e) {
                // the client closed the connection, died, or the server is stopping
            } finally {
                connection.close();
                handlers.remove(this);
                if (session != -1) {
                    List<LockOps> held = heldByThisThread();
                    closeSession(session);
                    if (!held.isEmpty()) releaseIfSessionEnds(session, held);
                }
            }
        }

        /** The locks this connection's client thread holds (this thread acquired them for it). */
        private List<LockOps> heldByThisThread() {
            List<LockOps> held = new ArrayList<>();
            for (Served s : objects.values()) {
                if (s.referent instanceof LockOps lock && lock.isHeldByCurrentThread()) held.add(lock);
            }
            return held;
        }

        /**
         * Beyond CPython, as the shared-memory locks: the locks a client holds are released when
         * its process goes (all its connections close within moments). A thread that ends while its
         * process lives keeps them, as a Java thread that dies holding a lock does.
         */
        private void releaseIfSessionEnds(long session, List<LockOps> held) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SESSION_END_WAIT_MILLIS);
            while (sessionOpen(session)) {
                if (System.nanoTime() > deadline) return;
                try {
                    Thread.sleep(10);
                } catch (InterruptedException stopping) {
                    break;
                }
            }
            for (LockOps lock : held) {
                while (lock.isHeldByCurrentThread()) lock.release();
            }
        }

        private synchronized void setBusy(boolean value) {
            busy = value;
            if (!value) Thread.interrupted();
        }

        /**
         * A client sends nothing while its call runs but a CANCEL (its thread was interrupted) or
         * end-of-file (it went away): either way, anything readable now interrupts the call.
         */
        synchronized void interruptIfClientLeft() {
            if (!busy) return;
            boolean left;
            try {
                left = connection.poll();
            } catch (IOException | RuntimeException e) {
                left = true;
            }
            if (left) thread.interrupt();
        }

        void close() {
            connection.close();
            thread.interrupt();
        }
    }

    /** An object in the table, the interface it is called through, and its reference count (guarded by the server). */
    private static final class Served {
        final Object referent;
        final Class<?> exposed;
        final String typeid;
        int refs;

        Served(Object referent, Class<?> exposed, String typeid) {
            this.referent = referent;
            this.exposed = exposed;
            this.typeid = typeid;
        }
    }

    /** One client process: its references by object id, and its open connections (guarded by the server). */
    private static final class Session {
        final Map<Long, Integer> refs = new HashMap<>();
        int connections;
    }

    private record Replying(Server server, long session) {
    }
}
