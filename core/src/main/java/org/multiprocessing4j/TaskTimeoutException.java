package org.multiprocessing4j;

/**
 * A pool task ran longer than the pool's task timeout ({@link PoolOptions#taskTimeout}); the
 * worker running it was killed and replaced, and the pool goes on. Only the task that overran
 * fails; tasks waiting for a worker are not affected.
 */
public class TaskTimeoutException extends WorkerLostException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public TaskTimeoutException(String message, Integer exitCode) {
        super(message, exitCode);
    }
}
