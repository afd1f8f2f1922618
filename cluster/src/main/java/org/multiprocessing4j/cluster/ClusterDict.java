package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * A map shared by name on a cluster: an {@code IMap<byte[], byte[]>} of sealed keys and values.
 * The seal is deterministic, so equal keys that serialize alike are the same entry (Strings,
 * boxed numbers, records of those: yes; a key whose serialized form depends on more than its
 * equality, such as a {@code HashSet}'s order, may not be). Each operation is one IMap operation,
 * atomic on the cluster: {@code putIfAbsent} and {@code replace(k, v)} directly;
 * {@code replace(k, old, new)} and {@code remove(k, v)} compare with {@code equals} and swap by
 * the bytes compared ({@link EqualsCas}); {@code compute}, {@code merge} and the like work through
 * {@link ConcurrentMap}'s retry loops on those. Keys and values may not be null.
 *
 * <p>{@link #entrySet()} (and the key and value views, iteration, {@code equals}) is a snapshot
 * taken when called, not a live view: changing it throws. Thread-safe; travels (captured by a task)
 * as the cluster's and the map's names.
 *
 * @param <K> the keys' type
 * @param <V> the values' type
 */
final class ClusterDict<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final String PREFIX = "mp4j.dict.";

    private final ClusterRef ref;
    private final String name;

    ClusterDict(ClusterContext context, String name) {
        this.ref = new ClusterRef(context);
        this.name = Objects.requireNonNull(name, "name");
    }

    private IMap<byte[], byte[]> map() {
        return ref.hazelcast().getMap(PREFIX + name);
    }

    private byte[] sealKey(Object key) {
        return ref.seal(Objects.requireNonNull(key, "key"));
    }

    private byte[] sealValue(Object value) {
        return ref.seal(Objects.requireNonNull(value, "value"));
    }

    @SuppressWarnings("unchecked")
    private V openValue(byte[] sealed) {
        return (V) ref.open(sealed, "a value of dict '" + name + "'");
    }

    @Override
    public int size() {
        return map().size();
    }

    @Override
    public boolean isEmpty() {
        return map().isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return map().containsKey(sealKey(key));
    }

    @Override
    public V get(Object key) {
        return openValue(map().get(sealKey(key)));
    }

    @Override
    public V put(K key, V value) {
        return openValue(map().put(sealKey(key), sealValue(value)));
    }

    @Override
    public V remove(Object key) {
        return openValue(map().remove(sealKey(key)));
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return openValue(map().putIfAbsent(sealKey(key), sealValue(value)));
    }

    @Override
    public V replace(K key, V value) {
        return openValue(map().replace(sealKey(key), sealValue(value)));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return EqualsCas.replace(ref, map(), sealKey(key), oldValue, sealValue(newValue), "a value of dict '" + name + "'");
    }

    @Override
    public boolean remove(Object key, Object value) {
        return value != null && EqualsCas.replace(ref, map(), sealKey(key), value, null, "a value of dict '" + name + "'");
    }

    @Override
    public void clear() {
        map().clear();
    }

    /** A snapshot of the entries, opened (see the class comment); unmodifiable. */
    @Override
    @SuppressWarnings("unchecked")
    public Set<Map.Entry<K, V>> entrySet() {
        Set<Map.Entry<K, V>> entries = new LinkedHashSet<>();
        for (Map.Entry<byte[], byte[]> e : map().entrySet()) {
            entries.add(new SimpleImmutableEntry<>((K) ref.open(e.getKey(), "a key of dict '" + name + "'"), openValue(e.getValue())));
        }
        return Collections.unmodifiableSet(entries);
    }
}
