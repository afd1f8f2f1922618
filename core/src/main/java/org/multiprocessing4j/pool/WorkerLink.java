package org.multiprocessing4j.pool;

import java.io.IOException;

/**
 * One pool worker as the pool sees it, wherever it runs: a channel of byte messages in the
 * {@link Wire} layout, and the means to stop it. The pool writes from any thread (one at a time)
 * and reads from one thread per worker.
 *
 * <p>Contract: {@link #receive()} returns the worker's messages in the order it sent them and
 * throws {@link java.io.EOFException} once the worker is gone (stopped, dead or unreachable);
 * messages sent are delivered in order or not at all, and a send to a worker that is gone fails
 * quietly or with an {@link IOException}, never blocks for ever. {@link #awaitExit()} is called
 * after the channel ended.
 */
public interface WorkerLink {

    /** The worker's name, for messages and statistics. */
    String name();

    /** The process id of the JVM that runs the worker's tasks; -1 if it is not known. */
    long pid();

    /** Sends one message (see {@link java.io.InterruptedIOException} handling in the pool). */
    void send(byte[] message, int offset, int length) throws IOException;

    /** The worker's next message; {@link java.io.EOFException} once it is gone. */
    byte[] receive() throws IOException;

    /** Closes the pool's end of the channel. */
    void closeChannel();

    /** Asks the worker to stop at once (a process: SIGTERM). */
    void terminate();

    /** Stops the worker now (a process: SIGKILL). */
    void kill();

    /** Once the channel ended: the worker's exit code, or null if none is known. */
    Integer awaitExit();
}
