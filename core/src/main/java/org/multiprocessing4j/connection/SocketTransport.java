package org.multiprocessing4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.NotSerializableException;
import java.lang.ref.Cleaner;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.shm.Deadline;

/**
 * A {@link Transport} over a connected stream socket, Unix-domain or TCP: the connections of
 * {@link SocketListener} and {@link #connect}. A message is framed as in CPython: a 4-byte
 * big-endian length, then the bytes.
 *
 * <p>The channel is non-blocking and every wait goes through a selector ({@link Readiness}), so a
 * wait has a deadline, an interrupt ends it without closing the socket (as a blocking channel
 * would), and {@link #close()} releases it. Bytes are read ahead into a buffer of
 * {@value #BUFFER_BYTES} bytes and written through another, so a small message costs one system
 * call and a large one is streamed without a copy of its size outside the Java heap.
 *
 * <p>End-of-file: a receive throws {@link EOFException} once the peer has closed its socket (or
 * died) and everything it sent before has been received. A peer that closes in the middle of a
 * message, or a malformed length, breaks the connection: every later receive throws
 * {@link IOException} saying why.
 *
 * <p>Thread-safe: senders take turns (one lock), and so do receivers (another); a send and a
 * receive may run at once. A transport dropped without {@link #close()} closes its socket when
 * collected.
 */
public final class SocketTransport implements Transport {

    private static final int BUFFER_BYTES = 64 * 1024;
    /** A received message's array starts this large and doubles as its bytes arrive. */
    private static final int GROWTH_START = 1 << 20;
    private static final Cleaner CLEANER = Cleaner.create();

    private final SocketChannel channel;
    private final Readiness readReady;
    private final Readiness writeReady;
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Bytes received and not yet consumed, in read mode; guarded by readLock. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES).flip();
    /** The part of a message being sent; guarded by writeLock. */
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Cleaner.Cleanable closer;
    /** The peer closed its side; guarded by readLock. */
    private boolean endOfFile;
    private volatile String broken;

    /** Takes over {@code channel}, connected, and makes it non-blocking; closes it on failure. */
    SocketTransport(SocketChannel channel) throws IOException {
        this.channel = channel;
        Readiness reading = null;
        try {
            channel.configureBlocking(false);
            if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);   // a message goes out whole, at once
            }
            reading = new Readiness(channel, SelectionKey.OP_READ, "to receive");
            this.readReady = reading;
            this.writeReady = new Readiness(channel, SelectionKey.OP_WRITE, "to send");
        } catch (IOException | RuntimeException e) {
            if (reading != null) reading.close();
            channel.close();
            throw e;
        }
        Readiness reads = readReady, writes = writeReady;
        this.closer = CLEANER.register(this, () -> closeAll(channel, reads, writes));
    }

    /**
     * Connects to a {@link SocketListener} at {@code address} and authenticates both ways with
     * {@code authkey} ({@link Handshake}).
     *
     * @throws ConnectException        if nothing listens there, naming the address
     * @throws AuthenticationException if the keys differ or the peer does not follow the protocol
     */
    public static SocketTransport connect(SocketAddress address, byte[] authkey) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(address);
        } catch (ClosedByInterruptException e) {
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while connecting to " + address);
            interrupted.initCause(e);
            throw interrupted;
        } catch (IOException e) {
            ConnectException refused = new ConnectException("cannot connect to " + address + ": " + e.getMessage());
            refused.initCause(e);
            throw refused;
        }
        SocketTransport transport = new SocketTransport(channel);
        try {
            Handshake.asClient(transport, authkey);
            return transport;
        } catch (IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    @Override
    public boolean readable() {
        return true;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** Always fails: the socket belongs to this process. */
    @Override
    public Handle transfer() throws NotSerializableException {
        throw new NotSerializableException(
                "a socket connection cannot be sent to another process; connect from there with Client.connect");
    }

    // ---------------------------------------------------------------- sending

    @Override
    public void send(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        if (length > MAX_MESSAGE) throw new IllegalArgumentException("a message of " + length + " bytes is too long");
        lock(writeLock);
        try {
            String why = broken;
            if (why != null) throw new IOException(why);
            out.clear().putInt(length);
            int copied = 0;
            boolean begun = false;
            while (true) {
                int n = Math.min(length - copied, out.remaining());
                out.put(bytes, offset + copied, n);
                copied += n;
                flush(begun);
                begun = true;
                if (copied == length) return;
            }
        } finally {
            writeReady.restoreInterrupt();
            writeLock.unlock();
        }
    }

    /**
     * Writes what {@link #out} holds, waiting while the socket's buffer is full, and empties it.
     *
     * @param begun part of the message is already on its way: an interrupt does not stop the wait
     */
    private void flush(boolean begun) throws IOException {
        out.flip();
        try {
            while (out.hasRemaining()) {
                if (channel.write(out) > 0) {
                    begun = true;
                } else {
                    writeReady.await(Deadline.NEVER, !begun);
                }
            }
        } catch (IOException e) {
            throw failure(e, begun, "sending");
        } finally {
            out.clear();
        }
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public byte[] recv() throws IOException {
        ensureReadable();
        lock(readLock);
        try {
            int length = readLength(Deadline.NEVER);
            return readMessage(length);
        } finally {
            readReady.restoreInterrupt();
            readLock.unlock();
        }
    }

    @Override
    public int recvInto(byte[] buffer, int offset, TooLong tooLong) throws IOException {
        ensureReadable();
        lock(readLock);
        try {
            int length = readLength(Deadline.NEVER);
            if (length > buffer.length - offset) throw tooLong.exception(readMessage(length), buffer.length - offset);
            boolean whole = false;
            try {
                readPayload(buffer, offset, length);
                whole = true;
            } finally {
                if (!whole) abandoned();
            }
            return length;
        } finally {
            readReady.restoreInterrupt();
            readLock.unlock();
        }
    }

    /**
     * The {@code length} bytes of the message whose header was read. The array grows as bytes
     * arrive, so a peer announcing 2 GiB and sending nothing does not make this process allocate
     * 2 GiB. If anything fails mid-way (an {@code OutOfMemoryError} included) the stream is out of
     * step: the connection is marked broken.
     */
    private byte[] readMessage(int length) throws IOException {
        boolean whole = false;
        try {
            byte[] message = new byte[Math.min(length, GROWTH_START)];
            int done = 0;
            while (done < length) {
                if (done == message.length) message = Arrays.copyOf(message, (int) Math.min(length, 2L * message.length));
                if (!in.hasRemaining()) {
                    if (endOfFile) throw breaking("the other end closed the connection in the middle of a message");
                    fill(Deadline.NEVER, true);
                }
                int n = Math.min(message.length - done, in.remaining());
                in.get(message, done, n);
                done += n;
            }
            whole = true;
            return message;
        } finally {
            if (!whole) abandoned();
        }
    }

    /** A message was left half read: what follows in the stream is not a message boundary. */
    private void abandoned() {
        if (broken == null) broken = "connection is broken: a message was abandoned half received";
    }

    /**
     * Receives one message of at most {@code maxLength} bytes before {@code deadline}, for the
     * handshake: a longer one is refused before anything is allocated for it. Every wait here is
     * interruptible and bounded by the deadline (a failed handshake discards the connection, so
     * the stream need not be kept in step).
     *
     * @throws AuthenticationException if the peer announces a longer message
     * @throws SocketTimeoutException  if the deadline passes first
     * @throws EOFException            if the peer closed the connection
     */
    byte[] recvAtMost(int maxLength, long deadline) throws IOException {
        ensureReadable();
        lock(readLock);
        try {
            awaitBuffered(Integer.BYTES, deadline);
            int length = in.getInt();
            if (length < 0 || length > maxLength) {
                throw new AuthenticationException("the peer sent a " + length + "-byte message where the handshake"
                        + " allows " + maxLength + ": not a multiprocessing4j peer, or not a friendly one");
            }
            awaitBuffered(length, deadline);
            byte[] message = new byte[length];
            in.get(message);
            return message;
        } finally {
            readReady.restoreInterrupt();
            readLock.unlock();
        }
    }

    /** Waits, interruptibly, until {@code count} bytes (at most the buffer's size) are in {@link #in}. */
    private void awaitBuffered(int count, long deadline) throws IOException {
        while (in.remaining() < count) {
            if (endOfFile) throw new EOFException("the other end closed the connection during authentication");
            if (!fill(deadline, false)) throw new SocketTimeoutException("the peer did not complete the authentication in time");
        }
    }

    @Override
    public boolean poll(long timeoutNanos) throws IOException {
        ensureReadable();
        long deadline = Deadline.after(timeoutNanos);
        try {
            if (!(timeoutNanos <= 0 ? readLock.tryLock() : readLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS))) {
                return false;                     // another thread is receiving the next message
            }
        } catch (InterruptedException e) {
            throw interruptedWaitingForTurn();
        }
        try {
            return in.hasRemaining() || endOfFile || fill(deadline, false);
        } finally {
            readReady.restoreInterrupt();
            readLock.unlock();
        }
    }

    @Override
    public boolean readyToReceive() {
        if (closed.get() || broken != null) return true;
        if (!readLock.tryLock()) return false;    // another thread is receiving the next message
        try {
            return in.hasRemaining() || endOfFile || fill(System.nanoTime(), false);
        } catch (IOException e) {
            return true;                          // a receive reports it
        } finally {
            readLock.unlock();
        }
    }

    /** The length of the next message, or -1 if the deadline passes first. */
    private int readLength(long deadline) throws IOException {
        while (in.remaining() < Integer.BYTES) {
            if (endOfFile) {
                if (in.hasRemaining()) throw breaking("the other end closed the connection in the middle of a message");
                throw new EOFException("the other end of the connection is closed");
            }
            if (!fill(deadline, false)) return -1;    // a partial header stays buffered: an interrupt loses nothing
        }
        int length = in.getInt();
        if (length < 0 || length > MAX_MESSAGE) {
            throw breaking("received an invalid message length, " + length + ": the stream is corrupt");
        }
        return length;
    }

    private void readPayload(byte[] dst, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            if (!in.hasRemaining()) {
                if (endOfFile) throw breaking("the other end closed the connection in the middle of a message");
                fill(Deadline.NEVER, true);
            }
            int n = Math.min(length - done, in.remaining());
            in.get(dst, offset + done, n);
            done += n;
        }
    }

    /**
     * Reads what has arrived into {@link #in}, waiting until {@code deadline} for at least one
     * byte or end-of-file; call only with room in the buffer.
     *
     * @param midMessage a message is half received: an interrupt does not stop the wait
     * @return false if the deadline passed with nothing new
     */
    private boolean fill(long deadline, boolean midMessage) throws IOException {
        in.compact();
        try {
            while (true) {
                int n = channel.read(in);
                if (n > 0) return true;
                if (n < 0) {
                    endOfFile = true;
                    return true;
                }
                if (!readReady.await(deadline, !midMessage)) return false;
            }
        } catch (IOException e) {
            throw failure(e, midMessage, "receiving");
        } finally {
            in.flip();
        }
    }

    // ---------------------------------------------------------------- failures and closing

    private IOException breaking(String why) {
        broken = "connection is broken: " + why;
        return new IOException(broken);
    }

    /**
     * What a socket operation or wait that failed with {@code e} throws; a failure mid-message
     * breaks the stream for good.
     */
    private IOException failure(IOException e, boolean midMessage, String doing) {
        if (closed.get()) return new IOException("connection was closed while " + doing, e);
        if (e instanceof InterruptedIOException) return e;
        if (midMessage) broken = "connection is broken: " + doing + " failed mid-message (" + e.getMessage() + ")";
        return new IOException("connection failed while " + doing + ": " + e.getMessage(), e);
    }

    private static void lock(ReentrantLock lock) throws InterruptedIOException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw interruptedWaitingForTurn();
        }
    }

    private static InterruptedIOException interruptedWaitingForTurn() {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("interrupted while another thread used the connection");
    }

    private void ensureOpen() {
        if (closed.get()) throw new IllegalStateException("connection is closed");
    }

    private void ensureReadable() throws IOException {
        ensureOpen();
        String why = broken;
        if (why != null) throw new IOException(why);
    }

    /** Closes the socket (the peer sees end-of-file) and releases any thread waiting on it; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) closer.clean();
    }

    private static void closeAll(SocketChannel channel, Readiness reads, Readiness writes) {
        reads.close();
        writes.close();
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released whatever close() reports; nothing is left to undo
        }
    }
}
