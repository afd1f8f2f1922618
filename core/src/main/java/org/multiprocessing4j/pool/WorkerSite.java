package org.multiprocessing4j.pool;

import org.multiprocessing4j.PoolOptions;

/**
 * Where a pool's workers run: local child processes ({@link ProcessSite}) or, in the cluster
 * module, a cluster's members. The pool's scheduling, ordering, failures and statistics are the
 * same on every site; a site decides only how a worker is started and reached, and what becomes of
 * a task whose worker was lost.
 *
 * <p>Implementations are thread-safe: the pool starts replacement workers from its threads.
 */
public interface WorkerSite {

    /**
     * Fails with {@link UnsupportedOperationException} naming any option of {@code options} this
     * site cannot honour; called once when a pool is made.
     */
    default void check(PoolOptions options) {
    }

    /**
     * Starts a worker that first runs {@code options}' initializer and worker state factory, then
     * the chunks it is sent, as {@link WorkerLoop} does.
     *
     * @param name a name unique in this JVM, for the worker
     * @throws RuntimeException if it cannot be started
     */
    WorkerLink start(String name, PoolOptions options);

    /**
     * How many times in all a task whose worker was lost (died, or became unreachable) may run:
     * above 1, it is run again by another worker until it has been lost that many times, then fails
     * with {@link org.multiprocessing4j.WorkerLostException}; 1 (the default) fails it at the first
     * loss.
     */
    default int maxRuns() {
        return 1;
    }
}
