package org.multiprocessing4j;

import java.util.OptionalInt;

/**
 * The worker process running a pool task died before the task finished: it crashed in native
 * code, ran out of memory, called {@code System.exit} or {@code Runtime.halt}, or was killed. Only
 * that task fails with this exception; the pool replaces the worker and goes on (where CPython's
 * {@code Pool} would hang, and its {@code ProcessPoolExecutor} would break as a whole).
 *
 * <p>The message names the worker, its pid and its exit code, e.g. {@code "PoolWorker-3 (pid
 * 4242) terminated abruptly with exit code -9 while running a task"}.
 */
public class WorkerLostException extends ProcessException {

    private static final long serialVersionUID = 1L;

    private final Integer exitCode;

    /** Creates the exception; {@code exitCode} is null when it could not be learnt. */
    public WorkerLostException(String message, Integer exitCode) {
        super(message, null);
        this.exitCode = exitCode;
    }

    /** The exit code of the lost worker, as {@link Process#exitCode()} reported it, if known. */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
