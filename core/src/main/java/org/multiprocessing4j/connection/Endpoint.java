package org.multiprocessing4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.NoSuchFileException;
import org.multiprocessing4j.shm.ByteRing;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.HolderTable;
import org.multiprocessing4j.shm.Transfers;
import org.multiprocessing4j.sync.SemaphoreCore;

/**
 * One end of a pipe in this process, the shared-memory {@link Transport}: framed byte messages over
 * the pipe's rings, end-of-file, and this process's hold on the end.
 *
 * <p><b>Holds and end-of-file.</b> Every process with an open {@code Endpoint} for an end holds
 * it in the end's {@link HolderTable}. A reader sees end-of-file once the ring is empty and no
 * live process holds the other end: it was closed everywhere, or every holder died (kill -9
 * included; checked at most every {@value #LIVENESS_CHECK_MILLIS} ms while blocked). As with
 * CPython's file descriptors, a copy left open in another process keeps the pipe open.
 *
 * <p><b>Travelling.</b> {@link #transfer()} makes a {@link Handle} that another process turns into
 * its own endpoint with {@link #attach}. The sender adds a hold on the handle's behalf at once,
 * which the receiver takes over, so the end is never unheld in between (a parent may close its
 * copy right after {@code start()}). For a child's bootstrap the hold is moved to the child as soon
 * as it exists ({@link Transfers}), so a child that dies before attaching holds nothing; a handle
 * sent through a pipe and never received leaves its hold with the sender until the sender exits.
 *
 * <p>Thread-safe and process-safe: senders on one end take turns (a lock in this process, then a
 * lock in the segment, shared by every process holding the end), and so do receivers; each message
 * goes and comes whole.
 */
public final class Endpoint implements Transport {

    private static final long LIVENESS_CHECK_MILLIS = 100;
    private static final long SLEEP_SLICE_NANOS = LIVENESS_CHECK_MILLIS * 1_000_000;
    private static final Cleaner CLEANER = Cleaner.create();

    private final PipeSegment pipe;
    private final boolean left;
    private final ByteRing readRing;
    private final ByteRing writeRing;
    private final HolderTable peerHolders;
    /** Serialize this process's senders, then all processes' senders on this end (and likewise receivers). */
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private final SemaphoreCore sharedReadLock;
    private final SemaphoreCore sharedWriteLock;
    private final Cleaner.Cleanable hold;
    private volatile boolean closed;
    private volatile String broken;
    private volatile long lastLivenessCheck = System.nanoTime();

    private Endpoint(PipeSegment pipe, boolean left, boolean alreadyHeld) {
        this.pipe = pipe;
        this.left = left;
        this.readRing = pipe.readRing(left);
        this.writeRing = pipe.writeRing(left);
        this.peerHolders = pipe.holders(!left);
        this.sharedReadLock = pipe.readLock(left);
        this.sharedWriteLock = pipe.writeLock(left);
        long pid = ProcessHandle.current().pid();
        HolderTable mine = pipe.holders(left);
        if (!alreadyHeld) mine.acquire(pid);
        pipe.instanceHolds(left);
        // An endpoint dropped without close() still releases its hold when collected.
        this.hold = CLEANER.register(this, () -> release(pipe, left, pid));
    }

    private static void release(PipeSegment pipe, boolean left, long pid) {
        pipe.holders(left).release(pid);
        pipe.instanceReleased(left);
        pipe.wakeAll();
        pipe.unlinkIfUnheld();
    }

    /**
     * Opens a new pipe held by this process: element 0 the left end, element 1 the right end.
     * A one-way pipe's left end only reads and its right end only writes.
     */
    public static Endpoint[] openPipe(boolean duplex) {
        PipeSegment pipe = PipeSegment.create(duplex, PipeSegment.DEFAULT_RING_CAPACITY);
        return new Endpoint[] {new Endpoint(pipe, true, false), new Endpoint(pipe, false, false)};
    }

    /** Turns a handle made by {@link #transfer()} in another (or this) process into an endpoint here. */
    public static Endpoint attach(Handle handle) throws IOException {
        PipeSegment pipe;
        try {
            pipe = PipeSegment.attach(handle.segment());
        } catch (NoSuchFileException e) {
            throw new EOFException("the pipe " + handle.segment() + " no longer exists: every holder closed it");
        }
        if (Transfers.isAdopting()) return new Endpoint(pipe, handle.left(), true);   // the hold is already ours
        Endpoint endpoint = new Endpoint(pipe, handle.left(), false);
        pipe.holders(handle.left()).release(handle.senderPid());
        return endpoint;
    }

    /** A serializable reference to this end; see the class comment. */
    @Override
    public Handle transfer() {
        ensureOpen();
        HolderTable mine = pipe.holders(left);
        mine.acquire(ProcessHandle.current().pid());
        Transfers.reserved(mine);
        return new Handle(pipe.name(), left, ProcessHandle.current().pid());
    }

    @Override
    public boolean readable() {
        return readRing != null;
    }

    @Override
    public boolean writable() {
        return writeRing != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- sending

    /** Sends one message; blocks while the ring is full. */
    @Override
    public void send(byte[] bytes, int offset, int length) throws IOException {
        ensureOpen();
        if (writeRing == null) throw new IllegalStateException("connection is read-only");
        synchronized (writeLock) {
            String why = broken;
            if (why != null) throw new IOException(why);
            if (!peerHolders.hasAnyHolder()) throw new IOException("broken pipe: the other end is closed");
            lockShared(sharedWriteLock);
            try {
                Waiting waiting = new Waiting(Long.MAX_VALUE, true);
                if (!writeRing.writeFrame(bytes, offset, length, waiting)) {
                    if (waiting.stoppedMidFrame) {
                        broken = "connection is broken: a send was abandoned mid-message (" + waiting.stop + ")";
                    }
                    throw waiting.failure();
                }
            } finally {
                sharedWriteLock.release();
            }
        }
    }

    // ---------------------------------------------------------------- receiving

    /** Receives one whole message, blocking until one arrives. */
    @Override
    public byte[] recv() throws IOException {
        ensureReadable();
        synchronized (readLock) {
            lockShared(sharedReadLock);
            try {
                int length = awaitMessage(Long.MAX_VALUE);
                byte[] message = new byte[length];
                readPayload(message, 0, length);
                return message;
            } finally {
                sharedReadLock.release();
            }
        }
    }

    @Override
    public int recvInto(byte[] buffer, int offset, TooLong tooLong) throws IOException {
        ensureReadable();
        synchronized (readLock) {
            lockShared(sharedReadLock);
            try {
                int length = awaitMessage(Long.MAX_VALUE);
                if (length > buffer.length - offset) {
                    byte[] message = new byte[length];
                    readPayload(message, 0, length);
                    throw tooLong.exception(message, buffer.length - offset);
                }
                readPayload(buffer, offset, length);
                return length;
            } finally {
                sharedReadLock.release();
            }
        }
    }

    /** Takes a lock shared by the processes using this end; held only for one message. */
    private static void lockShared(SemaphoreCore lock) throws InterruptedIOException {
        try {
            lock.acquire(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while another process used this end of the pipe");
        }
    }

    @Override
    public boolean poll(long timeoutNanos) throws IOException {
        ensureReadable();
        if (readRing.hasData()) return true;
        if (timeoutNanos <= 0) return peerGone();
        synchronized (readLock) {
            try {
                awaitMessage(Deadline.after(timeoutNanos));
                return true;
            } catch (EOFException e) {
                return true;
            } catch (TimedOut e) {
                return false;
            }
        }
    }

    @Override
    public boolean readyToReceive() {
        return closed || readRing == null || readRing.hasData() || peerGone();
    }

    private int awaitMessage(long deadline) throws IOException {
        ensureReadable();
        while (true) {
            Waiting waiting = new Waiting(deadline, false);
            int length;
            try {
                length = readRing.awaitFrameLength(waiting);
            } catch (IllegalStateException corrupted) {
                broken = "connection is broken: " + corrupted.getMessage();
                throw new IOException(broken, corrupted);
            }
            if (length >= 0) return length;
            if (readRing.hasData()) continue;      // arrived as we gave up
            throw waiting.failure();
        }
    }

    private void readPayload(byte[] dst, int offset, int length) throws IOException {
        Waiting waiting = new Waiting(Long.MAX_VALUE, false);
        if (!readRing.readFrame(dst, offset, length, waiting)) {
            broken = "connection is broken: the sender vanished mid-message";
            throw waiting.failure();
        }
    }

    private void ensureReadable() throws IOException {
        ensureOpen();
        if (readRing == null) throw new IllegalStateException("connection is write-only");
        String why = broken;
        if (why != null) throw new IOException(why);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("connection is closed");
    }

    /**
     * True once no live process holds the other end. Counting holds is cheap; asking the OS
     * whether holders are alive is done at most every {@value #LIVENESS_CHECK_MILLIS} ms.
     */
    private boolean peerGone() {
        if (!peerHolders.hasAnyHolder()) return true;
        long now = System.nanoTime();
        if (now - lastLivenessCheck < SLEEP_SLICE_NANOS) return false;
        lastLivenessCheck = now;
        return !peerHolders.hasLiveHolder();
    }

    // ---------------------------------------------------------------- closing

    /** Gives up this process's hold; the other end sees end-of-file once no process holds this one. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        hold.clean();
    }

    // ---------------------------------------------------------------- waiting

    private enum Stop { TIMEOUT, INTERRUPTED, CLOSED, PEER_GONE }

    /** Thrown inside this class for a poll that timed out; never escapes. */
    private static final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        TimedOut() {
            super("timed out");
        }
    }

    /** The policy of one blocking call: deadline, interrupts, closing, and the peer's liveness. */
    private final class Waiting implements ByteRing.WaitPolicy {
        private final long deadline;
        private final boolean sending;
        private Stop stop;
        private boolean stoppedMidFrame;

        Waiting(long deadline, boolean sending) {
            this.deadline = deadline;
            this.sending = sending;
        }

        @Override
        public long nextSliceNanos(boolean midFrame) {
            stoppedMidFrame = midFrame;
            if (closed) return stopWith(Stop.CLOSED);
            // A message half sent or half received is finished unless the peer is gone: abandoning
            // it would corrupt the stream for both sides. Interrupts count only before it began.
            if (!midFrame && Thread.currentThread().isInterrupted()) return stopWith(Stop.INTERRUPTED);
            if (peerGone()) return stopWith(Stop.PEER_GONE);
            long remaining = Deadline.remaining(deadline);
            if (remaining <= 0) return stopWith(Stop.TIMEOUT);
            return Math.min(remaining, SLEEP_SLICE_NANOS);
        }

        private long stopWith(Stop why) {
            stop = why;
            return 0;
        }

        IOException failure() {
            return switch (stop) {
                case TIMEOUT -> new TimedOut();
                case INTERRUPTED -> {
                    Thread.currentThread().interrupt();
                    yield new InterruptedIOException("interrupted while waiting on the connection");
                }
                case CLOSED -> new IOException("connection was closed while waiting");
                case PEER_GONE -> sending
                        ? new IOException("broken pipe: the other end is closed")
                        : new EOFException("the other end of the pipe is closed");
                case null -> new IOException("wait ended without a reason");
            };
        }
    }

    /**
     * What travels between processes in place of an endpoint.
     *
     * @param segment   the pipe's shared-memory segment name
     * @param left      which end
     * @param senderPid the process that added a hold on the receiver's behalf
     */
    public record Handle(String segment, boolean left, long senderPid) implements Transport.Handle {

        @Override
        public Endpoint attach() throws IOException {
            return Endpoint.attach(this);
        }
    }
}
