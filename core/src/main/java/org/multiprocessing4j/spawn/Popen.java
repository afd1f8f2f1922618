package org.multiprocessing4j.spawn;

import java.util.OptionalInt;

/**
 * A started process as its creator sees it: CPython's {@code Popen} objects. What a process
 * <em>is</em> ({@link org.multiprocessing4j.Process}) is separate from <em>how</em> it was
 * started; each start method has its own implementation.
 *
 * <p>Implementations are thread-safe.
 */
public interface Popen {

    /** The OS process id. */
    long pid();

    /**
     * The exit code once ended, empty while running: 0 for a normal end, n after
     * {@code System.exit(n)}, -N after this side sent signal N and the process died of it.
     */
    OptionalInt exitCode();

    /** Waits up to {@code nanos} for the end; true if it has ended. */
    boolean await(long nanos) throws InterruptedException;

    /** Asks the process to stop (SIGTERM). No effect once ended. */
    void terminate();

    /** Stops the process at once (SIGKILL). No effect once ended. */
    void kill();
}
