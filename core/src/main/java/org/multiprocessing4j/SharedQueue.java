package org.multiprocessing4j;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.shm.SharedObject;
import org.multiprocessing4j.sync.QueueCore;
import org.multiprocessing4j.sync.QueueOps;

/**
 * What {@link Queue}, {@link SimpleQueue} and {@link JoinableQueue} share: items serialized in the
 * caller, then passed as messages through a {@link QueueCore} in shared memory, or through the
 * {@link QueueOps} of a queue that lives elsewhere (a manager's server, a cluster).
 *
 * @param <E> the type of the items
 */
abstract class SharedQueue<E> implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient int kind;
    final transient QueueOps ops;
    /** The queue's shared memory; null if it lives elsewhere (then {@link #ops} travels). */
    private final transient SharedObject shared;
    private final transient Serializer serializer = Serializer.standard();
    private transient volatile boolean closed;

    SharedQueue(int kind, int maxsize) {
        this.kind = kind;
        this.shared = SharedObject.create(kind, QueueCore.BYTES);
        this.ops = QueueCore.init(shared, Math.max(0, maxsize), kind == SharedForm.JOINABLE_QUEUE);
    }

    SharedQueue(int kind, SharedObject shared) {
        this.kind = kind;
        this.shared = shared;
        this.ops = QueueCore.attach(shared);
    }

    SharedQueue(int kind, QueueOps ops) {
        this.kind = kind;
        this.shared = null;
        this.ops = Objects.requireNonNull(ops, "ops");
    }

    /** Serializes in the caller (so a bad item fails here, naming its class) and puts; false if full. */
    final boolean putItem(E item, long timeoutNanos) throws InterruptedException {
        ensureOpen();
        return ops.put(serializer.serialize(item), timeoutNanos);
    }

    /** Takes and deserializes an item, or returns {@code NONE} if none came in time. */
    @SuppressWarnings("unchecked")
    final Object getItem(long timeoutNanos) throws InterruptedException {
        ensureOpen();
        byte[] message;
        try {
            message = ops.get(timeoutNanos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (message == null) return NONE;
        try {
            return serializer.deserialize(message, 0, message.length);
        } catch (IOException e) {
            throw new SerializationException("cannot deserialize a queued item: " + e.getMessage(), e);
        }
    }

    /** Marks "no item" apart from a {@code null} item. */
    static final Object NONE = new Object();

    /** True if the queue holds no item (approximate while others put and take). */
    public boolean empty() {
        ensureOpen();
        return ops.size() == 0;
    }

    /**
     * Closes the queue for this process: later puts and gets here throw
     * {@link IllegalStateException}. Other processes are not affected; items already put stay.
     */
    public void close() {
        closed = true;
    }

    final void ensureOpen() {
        if (closed) throw new IllegalStateException("queue is closed");
    }

    /** Travels as a {@link SharedForm} or an {@link OpsForm} (protected so that subclasses inherit it, as serialization requires). */
    @Serial
    protected final Object writeReplace() {
        return SharedForm.of(kind, shared, ops);
    }
}
