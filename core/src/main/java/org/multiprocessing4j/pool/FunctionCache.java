package org.multiprocessing4j.pool;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions a worker keeps, least recently used evicted first once there are more than
 * {@value #MAX_ENTRIES} or their serialized forms add up to more than {@value #MAX_BYTES} bytes
 * (a function's captures, a model say, can be large). The pool keeps a mirror per worker,
 * applying the same operations in the same order (messages to a worker arrive in order), so both
 * agree on what the worker has without any message saying so.
 *
 * <p>Not thread-safe: the worker's loop, or the pool's sender of one worker.
 */
final class FunctionCache<V> {

    static final int MAX_ENTRIES = 256;
    static final long MAX_BYTES = 64L << 20;

    private record Entry<V>(V value, int size) {
    }

    private final LinkedHashMap<Long, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** The function with {@code id}, made most recently used; null if not kept. */
    V get(long id) {
        Entry<V> e = entries.get(id);
        return e == null ? null : e.value;
    }

    /** Keeps {@code value}, whose serialized form has {@code size} bytes, then evicts as needed. */
    void put(long id, V value, int size) {
        Entry<V> old = entries.put(id, new Entry<>(value, size));
        if (old != null) bytes -= old.size;
        bytes += size;
        Iterator<Map.Entry<Long, Entry<V>>> eldest = entries.entrySet().iterator();
        while ((entries.size() > MAX_ENTRIES || bytes > MAX_BYTES) && eldest.hasNext()) {
            bytes -= eldest.next().getValue().size;
            eldest.remove();
        }
    }
}
