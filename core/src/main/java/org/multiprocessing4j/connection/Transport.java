package org.multiprocessing4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.io.Serializable;

/**
 * What a {@link org.multiprocessing4j.Connection} sends and receives through: whole byte messages,
 * in order, with end-of-file. Implemented by {@link Endpoint} (a pipe in shared memory) and
 * {@link SocketTransport} (a Unix-domain or TCP socket).
 *
 * <p><b>Contract shared by the implementations.</b> Messages keep their boundaries and may be of
 * any length up to {@value #MAX_MESSAGE} bytes. A receive blocks until a whole message has
 * arrived, and throws {@link EOFException} once nothing is left and the other end is closed.
 * Using a closed transport, or the wrong direction of a one-way one, throws
 * {@link IllegalStateException}; a blocking call interrupted before a message began throws
 * {@link InterruptedIOException} with the interrupt status set (a message half sent or half
 * received is finished first, so the stream stays whole); closing a transport while another thread
 * waits on it makes that wait throw {@link IOException}.
 *
 * <p>Implementations are thread-safe: concurrent senders take turns message by message, and so do
 * concurrent receivers.
 */
public interface Transport {

    /** The largest message, in bytes, as for a Java array. */
    int MAX_MESSAGE = Integer.MAX_VALUE - 8;

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} as one message. */
    void send(byte[] bytes, int offset, int length) throws IOException;

    /** Receives one whole message, blocking until one arrives. */
    byte[] recv() throws IOException;

    /**
     * Receives one message into {@code buffer} at {@code offset}; if it does not fit, receives it
     * into a new array and throws what {@code tooLong} makes of it instead.
     *
     * @return the message length
     */
    int recvInto(byte[] buffer, int offset, TooLong tooLong) throws IOException;

    /**
     * True if a message (or end-of-file) is ready to be received, waiting up to
     * {@code timeoutNanos} (zero or less: do not wait). Never consumes anything.
     */
    boolean poll(long timeoutNanos) throws IOException;

    /**
     * True if a receive would not block: a message is waiting, the other end is gone, or the
     * transport is closed or broken (the receive then throws). Never blocks and never throws.
     */
    boolean readyToReceive();

    /** True if this end can receive. */
    boolean readable();

    /** True if this end can send. */
    boolean writable();

    /** True once {@link #close()} was called. */
    boolean isClosed();

    /** Closes this end in this process; idempotent. */
    void close();

    /**
     * A serializable reference to this end that another process turns back into a transport with
     * {@link Handle#attach()}.
     *
     * @throws NotSerializableException if this kind of transport cannot travel, saying why
     */
    Handle transfer() throws NotSerializableException;

    /** What travels between processes in place of a transport. */
    interface Handle extends Serializable {

        /** The transport this handle stands for, usable in the receiving process. */
        Transport attach() throws IOException;
    }

    /** Creates the exception for a message that did not fit (the public type lives elsewhere). */
    @FunctionalInterface
    interface TooLong {
        IOException exception(byte[] message, int room);
    }
}
