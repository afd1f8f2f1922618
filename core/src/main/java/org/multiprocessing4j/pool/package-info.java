/**
 * Behind {@link org.multiprocessing4j.Pool} and {@link org.multiprocessing4j.ProcessPoolExecutor}:
 * the engine that dispatches chunks of tasks to worker processes and survives their deaths, the
 * worker loop, the message format between them, and the function table. Internal: not an API.
 */
package org.multiprocessing4j.pool;
