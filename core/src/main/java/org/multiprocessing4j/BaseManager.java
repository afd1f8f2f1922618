package org.multiprocessing4j;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.multiprocessing4j.managers.ManagerClient;
import org.multiprocessing4j.managers.Registration;
import org.multiprocessing4j.managers.Server;

/**
 * The definition of a manager: the types its server can create besides the built-in ones, and
 * how it is run. CPython's {@code BaseManager} with its {@code register} class method.
 *
 * <pre>{@code
 * interface Maths { int add(int a, int b); }
 * var types = new BaseManager().register("Maths", MathsImpl::new, Maths.class);
 * try (Manager manager = types.start()) {
 *     Maths maths = manager.proxy("Maths");   // the object lives in the manager's server
 *     maths.add(2, 3);                        // 5, computed there
 * }
 * }</pre>
 *
 * <p>A registered object is created by its factory in the server and called only through its
 * interface: a proxy implements just that interface, and the server refuses any other method,
 * whatever the object's class has besides. Its methods are called from the server's connection
 * threads concurrently (one per client thread), so it must be thread-safe. Factories travel to
 * the server process, so they are serializable lambdas or method references.
 *
 * <p>Registering is thread-safe; a manager started or served takes the registrations of that
 * moment.
 */
public final class BaseManager {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger STARTED = new AtomicInteger();

    private final List<Registration> registrations = new ArrayList<>();

    /** A manager definition with only the built-in types. */
    public BaseManager() {
    }

    /**
     * Registers a type created without arguments: {@code manager.proxy(typeid)}.
     *
     * @param typeid  the name to create it by
     * @param factory makes a new object, in the server
     * @param exposed the interface through which it is called; only its methods are callable
     * @return this definition
     * @throws IllegalArgumentException if {@code exposed} is not an interface, or the typeid is
     *                                  taken (built-in ones included)
     */
    public <T> BaseManager register(String typeid, SerializableCallable<? extends T> factory, Class<T> exposed) {
        return add(new Registration(typeid, args -> {
            if (args.length != 0) {
                throw new IllegalArgumentException("'" + typeid + "' takes no arguments, and got " + args.length);
            }
            return factory.call();
        }, exposed));
    }

    /**
     * Registers a type created from the arguments of {@code manager.proxy(typeid, args...)}
     * (a name of its own: with one name, a method reference to an overloaded constructor would
     * be ambiguous).
     *
     * @param factory makes a new object from the arguments, in the server
     * @see #register(String, SerializableCallable, Class)
     */
    public <T> BaseManager registerWithArguments(String typeid, SerializableFunction<Object[], ? extends T> factory,
            Class<T> exposed) {
        return add(new Registration(typeid, factory, exposed));
    }

    private synchronized BaseManager add(Registration registration) {
        for (Registration r : registrations) {
            if (r.typeid().equals(registration.typeid())) {
                throw new IllegalArgumentException("typeid '" + registration.typeid() + "' is already registered");
            }
        }
        registrations.add(registration);
        return this;
    }

    private synchronized List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    /**
     * Starts the manager's server in a new process (a daemonic child JVM, so it ends with this
     * one at the latest) listening on a fresh Unix-domain socket, authenticated with this
     * process's key (children inherit it, so proxies work in them). Returns once the server
     * accepts connections.
     *
     * @throws ProcessException if the server process cannot start, or dies before it serves
     */
    public Manager start() {
        List<Registration> types = registrations();
        Server.checkTypes(types);
        Pipe pipe = Pipe.open(false);
        Connection fromServer = pipe.left();
        Connection toParent = pipe.right();
        Process process = new Process("SyncManager-" + STARTED.incrementAndGet(),
                () -> serveInChild(types, toParent));
        process.setDaemon(true);
        try {
            process.start();
        } finally {
            toParent.close();
        }
        try {
            if (!fromServer.poll(START_TIMEOUT)) {
                process.terminate();
                throw new ProcessException("the manager's server " + process.name() + " did not start within "
                        + START_TIMEOUT.toSeconds() + " s", null);
            }
            String address = fromServer.recv();
            return new Manager(ManagerClient.open(address, null), process, null);
        } catch (EOFException e) {
            throw new ProcessException("the manager's server " + process.name() + " died before serving (exit code "
                    + awaitExitCode(process) + ")", e);
        } catch (IOException e) {
            process.terminate();
            throw new ProcessException("cannot start the manager's server: " + e.getMessage(), e);
        } finally {
            fromServer.close();
        }
    }

    private static String awaitExitCode(Process process) {
        try {
            process.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitCode().isPresent() ? String.valueOf(process.exitCode().getAsInt()) : "unknown";
    }

    private static void serveInChild(List<Registration> types, Connection toParent) throws Exception {
        Server server = Server.start(Listener.open(), types);
        toParent.send(server.address());
        toParent.close();
        while (!server.awaitStop(1, TimeUnit.DAYS)) {
            // serve until a client asks it to stop, or the parent goes
        }
    }

    /**
     * Serves the manager from this JVM (in background threads) on {@code address}, for clients
     * on this machine or others: {@link Manager#connect}. CPython's {@code get_server()} and
     * {@code serve_forever()}; closing the returned manager stops serving.
     *
     * @param address where to listen: a TCP address (port 0 picks a free port; see
     *                {@link Manager#address()}) or a Unix-domain socket path
     * @param authkey the key clients must prove they have (HMAC challenge both ways)
     * @throws java.net.BindException if the address is in use
     */
    public Manager serve(SocketAddress address, byte[] authkey) throws IOException {
        List<Registration> types = registrations();
        Server.checkTypes(types);
        Server server = Server.start(Listener.open(address, authkey), types);
        try {
            return new Manager(ManagerClient.open(server.address(), authkey), null, server);
        } catch (IOException | RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /** {@link #serve(SocketAddress, byte[])} on the loopback interface's {@code port} (0: any free port). */
    public Manager serve(int port, byte[] authkey) throws IOException {
        return serve(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), authkey);
    }
}
