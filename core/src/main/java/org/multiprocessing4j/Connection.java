package org.multiprocessing4j;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.multiprocessing4j.connection.Transport;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.shm.Deadline;

/**
 * One end of a {@link Pipe}, or of a socket connection made by {@link Listener#accept()} and
 * {@link Client#connect}: sends and receives whole messages, objects or bytes, to and from the
 * other end, which may be in another process. CPython's {@code multiprocessing.connection.Connection}.
 *
 * <p><b>Messages.</b> {@link #send} serializes any {@link Serializable} object, {@code null}
 * included; {@link #sendBytes} sends raw bytes. Messages keep their boundaries (two sends are
 * never merged), may be of any size up to {@code Integer.MAX_VALUE - 8} bytes (a message larger
 * than the pipe's ring is streamed through it), and arrive in order. On a socket a message is a
 * 4-byte big-endian length and the bytes, as in CPython. An object that cannot be
 * serialized fails in {@code send}, in the caller, naming the class; nothing is sent.
 *
 * <p><b>Travelling.</b> A pipe's connection captured by a {@link Process}'s target (or sent through
 * another connection) is usable in the receiving process: it travels by name and re-attaches to
 * the same shared memory. A socket connection cannot travel: serializing it fails with a
 * {@link java.io.NotSerializableException} (so {@code start()} or {@code send} fails with a
 * {@link SerializationException} saying so); connect from the other process instead.
 *
 * <p><b>End of file.</b> {@link #recv} throws {@link EOFException} once the pipe is empty and
 * every process holding the other end has closed it or died (even by {@code kill -9}). As with
 * CPython's pipes, a copy of the other end that some process keeps open keeps the pipe open: a
 * parent that hands one end to a child usually closes its own copy after {@code start()}. A socket
 * connection sees end-of-file once the peer has closed its socket (or died) and every message
 * it sent before has been received.
 *
 * <p><b>Errors.</b> Using a closed connection, or the wrong end of a one-way pipe, throws
 * {@link IllegalStateException}; a blocking call interrupted before a message began throws
 * {@link InterruptedIOException} with the thread's interrupt status set; sending to an end that
 * every holder closed throws {@link IOException} ("broken pipe").
 *
 * <p><b>Threads and processes.</b> Thread-safe and process-safe: several threads, and several
 * processes holding the same end (children sharing one writer, say), may send at once; each
 * message arrives whole and unmixed. Likewise for receives: each message goes to one receiver.
 */
public final class Connection implements Closeable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final long WAIT_POLL_MAX_NANOS = 1_000_000;

    private final transient Transport transport;
    private final transient Serializer serializer = Serializer.standard();

    Connection(Transport transport) {
        this.transport = transport;
    }

    /** Sends {@code obj} (any serializable object, or {@code null}) as one message. */
    public void send(Object obj) throws IOException {
        ensureWritable();
        byte[] bytes = serializer.serialize(obj);
        transport.send(bytes, 0, bytes.length);
    }

    /**
     * Receives the next message sent with {@link #send}, blocking until one arrives.
     *
     * @param <T> the type the caller expects; a wrong guess fails with {@link ClassCastException}
     *            at the assignment
     * @throws EOFException if the other end is closed and nothing is left to receive
     */
    @SuppressWarnings("unchecked")
    public <T> T recv() throws IOException {
        byte[] bytes = transport.recv();
        return (T) serializer.deserialize(bytes, 0, bytes.length);
    }

    /** Sends all of {@code buf} as one message. */
    public void sendBytes(byte[] buf) throws IOException {
        sendBytes(buf, 0, buf.length);
    }

    /** Sends {@code buf[offset..]} as one message. */
    public void sendBytes(byte[] buf, int offset) throws IOException {
        sendBytes(buf, offset, buf.length - offset);
    }

    /**
     * Sends {@code length} bytes of {@code buf} from {@code offset} as one message.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code buf}
     */
    public void sendBytes(byte[] buf, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buf.length);
        ensureWritable();
        transport.send(buf, offset, length);
    }

    /** Receives the next message as bytes, blocking until one arrives. */
    public byte[] recvBytes() throws IOException {
        return transport.recv();
    }

    /** Receives the next message into {@code buf} from index 0; see {@link #recvBytesInto(byte[], int)}. */
    public int recvBytesInto(byte[] buf) throws IOException {
        return recvBytesInto(buf, 0);
    }

    /**
     * Receives the next message into {@code buf} from {@code offset}, blocking until one arrives.
     *
     * @return the number of bytes received
     * @throws BufferTooShortException if the message does not fit; it is consumed, and carried by
     *                                 the exception
     */
    public int recvBytesInto(byte[] buf, int offset) throws IOException {
        Objects.checkIndex(offset, buf.length + 1);
        return transport.recvInto(buf, offset, BufferTooShortException::new);
    }

    /** True if a message (or end-of-file) is ready to be received; never blocks. */
    public boolean poll() throws IOException {
        return transport.poll(0);
    }

    /**
     * True if a message (or end-of-file) is ready to be received, waiting up to {@code timeout}
     * (zero or negative: do not wait). Never consumes anything.
     */
    public boolean poll(Duration timeout) throws IOException {
        return transport.poll(Deadline.nanos(timeout));
    }

    /** True if this end can receive (false for the sending end of a one-way pipe). */
    public boolean readable() {
        return transport.readable();
    }

    /** True if this end can send (false for the receiving end of a one-way pipe). */
    public boolean writable() {
        return transport.writable();
    }

    /** True once {@link #close()} was called on this connection, in this process. */
    public boolean closed() {
        return transport.isClosed();
    }

    /**
     * Closes this process's copy of the connection; idempotent. The other end sees end-of-file
     * once no process holds this end any more.
     */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Waits until at least one of {@code objects} is ready, at most {@code timeout}, and returns
     * the ready ones (empty on timeout). A {@link Connection} is ready when a receive would not
     * block (a message, or end-of-file); a {@link Process} when it has ended. CPython's
     * {@code multiprocessing.connection.wait}.
     *
     * @param timeout how long to wait; {@code null} waits for ever; zero or negative does not wait
     * @throws IllegalArgumentException if an element is neither a Connection nor a Process
     * @throws IllegalStateException    if a process was not started
     */
    public static List<Object> waitForAny(Collection<?> objects, Duration timeout) throws InterruptedException {
        for (Object o : objects) {
            if (o instanceof Process p) {
                p.ensureStarted("wait for");
            } else if (!(o instanceof Connection)) {
                throw new IllegalArgumentException("can only wait for Connection and Process objects, not "
                        + (o == null ? "null" : o.getClass().getName()));
            }
        }
        long deadline = timeout == null ? Deadline.NEVER : Deadline.after(Deadline.nanos(timeout));
        long pause = 10_000;
        while (true) {
            List<Object> ready = new ArrayList<>();
            for (Object o : objects) {
                if (o instanceof Connection c ? c.transport.readyToReceive() : !((Process) o).isAlive()) ready.add(o);
            }
            long remaining = Deadline.remaining(deadline);
            if (!ready.isEmpty() || remaining <= 0) return ready;
            // No single kernel object covers rings and processes: poll, backing off to 1 ms.
            LockSupport.parkNanos(Math.min(remaining, pause));
            if (Thread.interrupted()) throw new InterruptedException();
            pause = Math.min(pause * 2, WAIT_POLL_MAX_NANOS);
        }
    }

    /** Waits for ever until at least one of {@code objects} is ready; see {@link #waitForAny(Collection, Duration)}. */
    public static List<Object> waitForAny(Collection<?> objects) throws InterruptedException {
        return waitForAny(objects, null);
    }

    @Override
    public String toString() {
        return "Connection[" + (readable() ? "r" : "") + (writable() ? "w" : "") + (closed() ? ", closed" : "") + "]";
    }

    private void ensureWritable() {
        if (transport.isClosed()) throw new IllegalStateException("connection is closed");
        if (!transport.writable()) throw new IllegalStateException("connection is read-only");
    }

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        return new SerializedConnection(transport.transfer());
    }

    /** The form in which a connection travels: a handle that re-attaches on arrival. */
    private record SerializedConnection(Transport.Handle handle) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                return new Connection(handle.attach());
            } catch (IOException e) {
                java.io.InvalidObjectException failure = new java.io.InvalidObjectException(e.getMessage());
                failure.initCause(e);
                throw failure;
            }
        }
    }
}
