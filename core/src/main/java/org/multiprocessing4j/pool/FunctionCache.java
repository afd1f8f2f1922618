package org.multiprocessing4j.pool;

import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions a worker keeps, least recently used evicted first. The pool keeps a mirror per
 * worker, applying the same operations in the same order (messages to a worker arrive in order),
 * so both agree on what the worker has without any message saying so.
 *
 * <p>Not thread-safe: the worker's loop, or the pool under its lock.
 */
final class FunctionCache<V> extends LinkedHashMap<Long, V> {

    @Serial
    private static final long serialVersionUID = 1L;
    static final int CAPACITY = 256;

    FunctionCache() {
        super(16, 0.75f, true);
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
        return size() > CAPACITY;
    }
}
