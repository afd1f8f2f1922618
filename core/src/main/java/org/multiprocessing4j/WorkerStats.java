package org.multiprocessing4j;

import java.time.Duration;

/**
 * What one pool worker has done so far ({@link Pool#workerStats()}): mpire's worker insights.
 *
 * @param name           the worker process's name, e.g. {@code PoolWorker-3}
 * @param pid            its pid
 * @param tasksCompleted items it has run (each item of a chunk counts), failed ones included
 * @param working        time spent running tasks, measured in the worker
 * @param waiting        time alive but not running a task (waiting for work, or for the pool)
 */
public record WorkerStats(String name, long pid, long tasksCompleted, Duration working, Duration waiting) {
}
