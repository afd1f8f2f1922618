package org.multiprocessing4j;

import org.multiprocessing4j.connection.Endpoint;

/**
 * A pair of connected {@link Connection}s, CPython's {@code multiprocessing.Pipe()}: what one end
 * sends, the other receives. The two ends live in one shared-memory segment, so either may be
 * handed to a child process (captured by its target) and used there.
 *
 * <pre>{@code
 * var pipe = Pipe.open();
 * Connection parent = pipe.left(), child = pipe.right();
 * new Process(() -> { child.send("hello"); child.close(); }).start();
 * String msg = parent.recv();
 * }</pre>
 *
 * <p>Immutable; the connections are thread-safe.
 */
public final class Pipe {

    private final Connection left;
    private final Connection right;

    private Pipe(Connection left, Connection right) {
        this.left = left;
        this.right = right;
    }

    /** A two-way pipe: both ends send and receive. */
    public static Pipe open() {
        return open(true);
    }

    /**
     * A pipe; if {@code duplex} is false it is one-way: {@link #left()} only receives and
     * {@link #right()} only sends, as CPython's {@code Pipe(duplex=False)} returns {@code (reader, writer)}.
     */
    public static Pipe open(boolean duplex) {
        Endpoint[] ends = Endpoint.openPipe(duplex);
        return new Pipe(new Connection(ends[0]), new Connection(ends[1]));
    }

    /** The left end (the receiving end of a one-way pipe). */
    public Connection left() {
        return left;
    }

    /** The right end (the sending end of a one-way pipe). */
    public Connection right() {
        return right;
    }
}
