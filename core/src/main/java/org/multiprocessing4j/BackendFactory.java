package org.multiprocessing4j;

import org.multiprocessing4j.pool.WorkerSite;
import org.multiprocessing4j.spi.Backends;
import org.multiprocessing4j.sync.EventOps;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.QueueOps;

/** The public types' constructors for backends, installed in {@link Backends} when this class is initialized. */
final class BackendFactory implements Backends.Factory {

    static {
        Backends.install(new BackendFactory());
    }

    private BackendFactory() {
    }

    @Override
    public Pool pool(PoolOptions options, WorkerSite site) {
        return new Pool(options, site);
    }

    @Override
    public ProcessPoolExecutor executor(PoolOptions options, WorkerSite site) {
        return new ProcessPoolExecutor(options, site);
    }

    @Override
    public <T> Queue<T> queue(QueueOps ops) {
        return new Queue<>(ops);
    }

    @Override
    public <T> JoinableQueue<T> joinableQueue(QueueOps ops) {
        return new JoinableQueue<>(ops);
    }

    @Override
    public Lock lock(LockOps ops) {
        return new Lock(ops);
    }

    @Override
    public RLock rLock(LockOps ops) {
        return new RLock(ops);
    }

    @Override
    public Event event(EventOps ops) {
        return new Event(ops);
    }
}
