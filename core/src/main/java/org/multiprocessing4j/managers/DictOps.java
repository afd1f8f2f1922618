package org.multiprocessing4j.managers;

import java.util.Iterator;
import java.util.Map;

/**
 * What a manager's dict exposes: {@link Map}, and an iterator over its entries that stays in the
 * server (so that changing the dict while iterating fails as it does locally, with
 * {@link java.util.ConcurrentModificationException}).
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
interface DictOps<K, V> extends Map<K, V> {

    /** An iterator over copies of the entries, in insertion order, living in the server (an iterator is served, not copied). */
    Iterator<Map.Entry<K, V>> entryIterator();
}
