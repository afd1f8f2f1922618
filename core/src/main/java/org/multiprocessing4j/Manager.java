package org.multiprocessing4j;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.multiprocessing4j.managers.Builtins;
import org.multiprocessing4j.managers.ManagerClient;
import org.multiprocessing4j.managers.Server;
import org.multiprocessing4j.managers.Token;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.sync.BarrierOps;
import org.multiprocessing4j.sync.ConditionOps;
import org.multiprocessing4j.sync.EventOps;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.QueueOps;
import org.multiprocessing4j.sync.SemaphoreOps;

/**
 * A server process that owns shared objects, and this process's way to them: CPython's
 * {@code multiprocessing.Manager()} ({@code SyncManager}). Other processes — children that
 * capture a proxy, or JVMs on other machines that {@link #connect} — use the same objects
 * through proxies; every call runs in the server.
 *
 * <pre>{@code
 * try (var manager = Manager.start()) {
 *     List<String> shared = manager.list();
 *     var p = new Process(() -> shared.add("New item"));   // the proxy travels; the list stays
 *     p.start();
 *     p.join();
 *     System.out.println(shared);                          // [New item]
 * }
 * }</pre>
 *
 * <p><b>What it serves.</b> {@link #list()} and {@link #dict()} return a {@link List} and a
 * {@link Map}: each method their proxies implement is one atomic request, {@code Map.merge} and
 * {@code compute} are atomic through compare-and-set (their functions run here, possibly more than
 * once), and iteration goes element by element;
 * {@link #namespace()}, {@link #value}, {@link #array}; {@link #queue()}, {@link #lock()},
 * {@link #rLock()}, {@link #semaphore}, {@link #event()}, {@link #condition()},
 * {@link #barrier(int)} and friends return the same types as the shared-memory ones, living in the
 * server (usable from other machines; each call a round trip; beyond CPython, the locks a
 * process holds are released when all its connections close: within moments of its exit or death,
 * or when it disconnects); and {@link #proxy}
 * creates a type registered with {@link BaseManager#register}. A proxy put into a shared
 * container stays a reference: a list inside a dict is shared, not copied. Elements are copied in (serialized) on
 * every call: a change made to an element fetched from a proxy is not seen by others until it is
 * put back.
 *
 * <p><b>Lifetime.</b> An object lives while some process holds a proxy of it (proxies that
 * become unreachable are released; a process that exits or dies releases all of its), and at
 * most until the manager shuts down. {@link #close()} shuts down a manager this process started
 * or serves (its proxies in other processes then fail with {@link java.io.UncheckedIOException});
 * it only disconnects a manager reached with {@link #connect} — and once the last handle of a
 * server in this process is closed, its proxies here fail with {@link IllegalStateException}.
 * As in CPython, a proxy sent to another process must stay referenced here until it has arrived
 * there.
 *
 * <p><b>Errors.</b> An exception thrown in the server is re-thrown by the proxy as the same type,
 * with this process's stack trace and a {@link RemoteTraceback} holding the server's; one whose
 * class cannot travel arrives as a {@link RemoteException}. An argument that cannot be
 * serialized fails the call here, naming its class; nothing is sent.
 *
 * <p><b>Security.</b> Every connection is authenticated both ways (HMAC-SHA256 challenge with the
 * key, as CPython with a modern digest) before anything is deserialized; the server deserializes
 * under the library's filter ({@code multiprocessing4j.serialFilter}). {@link #start()} listens on
 * a Unix-domain socket in a private directory, with this process's key (children inherit it).
 *
 * <p>Thread-safe: each thread calls the server over its own connection, so a lock a thread
 * acquires through a proxy is that thread's.
 */
public final class Manager implements AutoCloseable {

    private final ManagerClient client;
    private final Process process;
    private final Server server;
    private final AtomicBoolean closed = new AtomicBoolean();

    Manager(ManagerClient client, Process process, Server server) {
        this.client = client;
        this.process = process;
        this.server = server;
    }

    /** Starts a manager with the built-in types in a new server process; see {@link BaseManager#start()}. */
    public static Manager start() {
        return new BaseManager().start();
    }

    /**
     * Serves a manager with the built-in types from this JVM; see
     * {@link BaseManager#serve(SocketAddress, byte[])}.
     */
    public static Manager serve(SocketAddress address, byte[] authkey) throws IOException {
        return new BaseManager().serve(address, authkey);
    }

    /** Serves a manager with the built-in types on the loopback interface's {@code port} (0: any free one). */
    public static Manager serve(int port, byte[] authkey) throws IOException {
        return new BaseManager().serve(port, authkey);
    }

    /**
     * Connects to a manager served at {@code address} (by this machine or another).
     *
     * @throws AuthenticationException if {@code authkey} is not the server's (nothing is exchanged)
     * @throws IOException             if nothing serves at {@code address}
     */
    public static Manager connect(SocketAddress address, byte[] authkey) throws IOException {
        return new Manager(ManagerClient.open(address, authkey), null, null);
    }

    /** Where the server listens (for a TCP server on port 0, the port it picked). */
    public SocketAddress address() {
        return client.socketAddress();
    }

    /** The server's process, for a manager this process {@linkplain #start() started}. */
    public Optional<Process> serverProcess() {
        return Optional.ofNullable(process);
    }

    /** A new, empty shared list. */
    public <E> List<E> list() {
        return client.list(create(Builtins.LIST));
    }

    /** A new shared list holding a copy of {@code initial}. */
    public <E> List<E> list(Collection<? extends E> initial) {
        return client.list(create(Builtins.LIST, new ArrayList<>(initial)));
    }

    /** A new, empty shared map, insertion-ordered as Python's dicts. */
    public <K, V> Map<K, V> dict() {
        return client.dict(create(Builtins.DICT));
    }

    /** A new shared map holding a copy of {@code initial}. */
    public <K, V> Map<K, V> dict(Map<? extends K, ? extends V> initial) {
        return client.dict(create(Builtins.DICT, new LinkedHashMap<>(initial)));
    }

    /** A new, empty shared namespace (named values). */
    public Namespace namespace() {
        return client.dynamic(create(Builtins.NAMESPACE), Namespace.class);
    }

    /** A new shared value holding {@code initial}. */
    @SuppressWarnings("unchecked")
    public <T> ValueProxy<T> value(T initial) {
        return client.dynamic(create(Builtins.VALUE, initial), ValueProxy.class);
    }

    /** A new shared fixed-size list (set works; add and remove throw UnsupportedOperationException) of {@code elements}. */
    public <E> List<E> array(Collection<? extends E> elements) {
        return client.list(create(Builtins.ARRAY, (Object) elements.toArray()));
    }

    /** A new shared fixed-size list of {@code values}; see {@link #array(Collection)}. */
    public List<Integer> array(int[] values) {
        return array(IntStream.of(values).boxed().toList());
    }

    /** A new shared fixed-size list of {@code values}; see {@link #array(Collection)}. */
    public List<Long> array(long[] values) {
        return array(LongStream.of(values).boxed().toList());
    }

    /** A new shared fixed-size list of {@code values}; see {@link #array(Collection)}. */
    public List<Double> array(double[] values) {
        return array(DoubleStream.of(values).boxed().toList());
    }

    /** A new lock in the server; see {@link Lock} (a manager's has the same API; released when its holder's process goes). */
    public Lock lock() {
        return new Lock(ops(Builtins.LOCK, LockOps.class));
    }

    /** A new reentrant lock in the server, owned by the acquiring thread of the acquiring process; see {@link RLock}. */
    public RLock rLock() {
        return new RLock(ops(Builtins.RLOCK, LockOps.class));
    }

    /**
     * A new semaphore in the server; see {@link Semaphore}.
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    public Semaphore semaphore(int permits) {
        return new Semaphore(ops(Builtins.SEMAPHORE, SemaphoreOps.class, permits));
    }

    /** A new bounded semaphore in the server; see {@link BoundedSemaphore}. */
    public BoundedSemaphore boundedSemaphore(int permits) {
        return new BoundedSemaphore(ops(Builtins.BOUNDED_SEMAPHORE, SemaphoreOps.class, permits));
    }

    /** A new event in the server; see {@link Event}. */
    public Event event() {
        return new Event(ops(Builtins.EVENT, EventOps.class));
    }

    /** A new condition with its own reentrant lock, in the server; see {@link Condition}. */
    public Condition condition() {
        return new Condition(ops(Builtins.CONDITION, ConditionOps.class));
    }

    /** A new barrier for {@code parties} in the server; see {@link Barrier}. */
    public Barrier barrier(int parties) {
        return barrier(parties, null, null);
    }

    /**
     * A new barrier in the server; see {@link Barrier#Barrier(int, SerializableRunnable, Duration)}.
     * The action runs in the server process.
     */
    public Barrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        long timeoutNanos = timeout == null ? Long.MAX_VALUE : Deadline.nanos(timeout);
        return new Barrier(ops(Builtins.BARRIER, BarrierOps.class, parties, action, timeoutNanos));
    }

    /** A new unbounded queue in the server; see {@link Queue}. Items are kept serialized there. */
    public <E> Queue<E> queue() {
        return queue(0);
    }

    /** A new queue in the server holding at most {@code maxsize} items (0 or less: unbounded); see {@link Queue}. */
    public <E> Queue<E> queue(int maxsize) {
        return new Queue<>(ops(Builtins.QUEUE, QueueOps.class, maxsize));
    }

    /** A new unbounded joinable queue in the server; see {@link JoinableQueue}. */
    public <E> JoinableQueue<E> joinableQueue() {
        return joinableQueue(0);
    }

    /** A new joinable queue in the server holding at most {@code maxsize} items; see {@link JoinableQueue}. */
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return new JoinableQueue<>(ops(Builtins.JOINABLE_QUEUE, QueueOps.class, maxsize));
    }

    private <T> T ops(String typeid, Class<T> type, Object... args) {
        return client.dynamic(create(typeid, args), type);
    }

    /**
     * A new object of a type registered with {@link BaseManager#register}, created in the server
     * from {@code args}, and a proxy of it implementing the registered interface.
     *
     * @param <T> the registered interface (a wrong guess fails with ClassCastException at the assignment)
     * @throws IllegalArgumentException if nothing is registered as {@code typeid}
     */
    @SuppressWarnings("unchecked")
    public <T> T proxy(String typeid, Object... args) {
        Token token = create(typeid, args);
        try {
            Class<?> exposed = Class.forName(token.exposed(), false, Thread.currentThread().getContextClassLoader());
            return (T) client.dynamic(token, exposed);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("'" + typeid + "' is called through " + token.exposed()
                    + ", which is not on this process's class path", e);
        }
    }

    private Token create(String typeid, Object... args) {
        return client.create(typeid, args);
    }

    /** Same as {@link #close()}: CPython's name. */
    public void shutdown() {
        close();
    }

    /**
     * Shuts down the server if this process started or serves it (its objects are dropped; a
     * started server process exits with code 0, or is terminated after 10 s); disconnects
     * otherwise. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        if (server != null) {
            server.stop();
        } else if (process != null && process.isAlive()) {
            try {
                client.shutdownServer();
            } catch (RuntimeException alreadyGone) {
                // the server died or stopped: nothing to ask
            }
        }
        client.release();
        if (process != null) stopProcess();
    }

    private void stopProcess() {
        try {
            if (!process.join(Duration.ofSeconds(10))) {
                process.terminate();
                process.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.terminate();
        }
    }

    @Override
    public String toString() {
        return "Manager[" + client.address() + (process != null ? ", " + process.name() : "")
                + (server != null ? ", served here" : "") + "]";
    }

    /**
     * Named values shared through a manager: CPython's {@code Namespace}, with methods instead of
     * attributes. {@code toString()} is {@code Namespace(name='Bob')}, leaving out names that
     * start with '_'. Thread-safe and process-safe; each method is atomic.
     */
    public interface Namespace {

        /**
         * The value named {@code name}.
         *
         * @throws NoSuchElementException if there is none
         */
        <T> T get(String name);

        /** Sets (or replaces) the value named {@code name}. */
        void set(String name, Object value);

        /** True if a value is named {@code name}. */
        boolean has(String name);

        /**
         * Removes the value named {@code name}.
         *
         * @throws NoSuchElementException if there is none
         */
        void delete(String name);

        /** A copy of every name and value, in the order the names were first set. */
        Map<String, Object> toMap();
    }

    /**
     * One value shared through a manager: CPython's {@code ValueProxy} ({@code manager.Value}),
     * with atomic read-modify-write operations besides. Thread-safe and process-safe.
     *
     * @param <T> the type of the value
     */
    public interface ValueProxy<T> {

        /** The value. */
        T get();

        /** Replaces the value. */
        void set(T value);

        /** Replaces the value and returns the previous one, atomically. */
        T getAndSet(T value);

        /** Replaces the value with {@code newValue} if it equals {@code expected}, atomically; true if it did. */
        boolean compareAndSet(T expected, T newValue);

        /**
         * Replaces the value with {@code update} applied to it, atomically, in the server (the
         * function travels there), and returns the new value.
         */
        T updateAndGet(SerializableFunction<T, T> update) throws Exception;
    }
}
