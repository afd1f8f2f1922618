package org.multiprocessing4j.spi;

import java.util.Objects;
import org.multiprocessing4j.Event;
import org.multiprocessing4j.JoinableQueue;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.ProcessPoolExecutor;
import org.multiprocessing4j.Queue;
import org.multiprocessing4j.RLock;
import org.multiprocessing4j.pool.WorkerSite;
import org.multiprocessing4j.sync.EventOps;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.QueueOps;

/**
 * The door through which a backend module (the cluster module) builds this library's public
 * types around implementations of its own: a {@link Pool} whose workers run on its
 * {@link WorkerSite}, a {@link Queue} over its {@link QueueOps}, and so on. Applications use the
 * public types' own constructors or the backend's API, not this class.
 *
 * <p>The public types keep these constructors package-private (they take internal types); the
 * public package installs a {@link Factory} that calls them when it is initialized, as the JDK's
 * {@code SharedSecrets} do. Thread-safe.
 */
public final class Backends {

    /** Builds the public types around a backend's implementations. */
    public interface Factory {

        /** A pool whose workers run on {@code site}. */
        Pool pool(PoolOptions options, WorkerSite site);

        /** An executor whose workers run on {@code site}. */
        ProcessPoolExecutor executor(PoolOptions options, WorkerSite site);

        /** A queue over {@code ops}, a non-joinable one. */
        <T> Queue<T> queue(QueueOps ops);

        /** A joinable queue over {@code ops}, a joinable one. */
        <T> JoinableQueue<T> joinableQueue(QueueOps ops);

        /** A (non-reentrant) lock over {@code ops}. */
        Lock lock(LockOps ops);

        /** A reentrant lock over {@code ops}, a reentrant one. */
        RLock rLock(LockOps ops);

        /** An event over {@code ops}. */
        Event event(EventOps ops);
    }

    /** The class of the public package that installs the factory when initialized. */
    private static final String INSTALLER = "org.multiprocessing4j.BackendFactory";
    private static volatile Factory factory;

    private Backends() {
    }

    /**
     * Installs the public package's factory; called once, by that package.
     *
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(Factory installed) {
        if (factory != null) throw new IllegalStateException("a backend factory is installed already");
        factory = Objects.requireNonNull(installed, "installed");
    }

    /** The factory of the public types. */
    public static Factory factory() {
        Factory f = factory;
        if (f != null) return f;
        try {
            Class.forName(INSTALLER, true, Backends.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("multiprocessing4j's core is incomplete: no " + INSTALLER, e);
        }
        return Objects.requireNonNull(factory, "the backend factory did not install itself");
    }
}
