package org.multiprocessing4j;

import java.util.concurrent.RejectedExecutionException;

/**
 * A pool can no longer run tasks: a worker's initializer failed (the cause is its exception), or
 * no replacement worker could be started. Every task not yet finished fails with this exception,
 * and later submissions throw it. CPython's {@code BrokenProcessPool}.
 *
 * <p>A single worker dying does <em>not</em> break a pool: its task fails with
 * {@link WorkerLostException} and the pool goes on.
 */
public class BrokenProcessPoolException extends RejectedExecutionException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public BrokenProcessPoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
