package org.multiprocessing4j.managers;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The object behind a manager's dict, in the server: an insertion-ordered map (as Python's
 * dicts are) whose every method is atomic, called from many connection threads at once.
 *
 * <p>Thread-safe: each call holds the map's monitor; an entry iterator holds it per step.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
final class SharedDict<K, V> implements DictOps<K, V> {

    private final Map<K, V> map;

    SharedDict(Map<? extends K, ? extends V> initial) {
        map = Collections.synchronizedMap(new LinkedHashMap<>(initial));
    }

    @Override
    public Iterator<Map.Entry<K, V>> entryIterator() {
        Iterator<Map.Entry<K, V>> entries = map.entrySet().iterator();
        Object mutex = map; // a synchronized map's monitor is the map itself
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                synchronized (mutex) {
                    return entries.hasNext();
                }
            }

            @Override
            public Map.Entry<K, V> next() {
                synchronized (mutex) {
                    Map.Entry<K, V> e = entries.next();
                    return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
                }
            }

            @Override
            public void remove() {
                synchronized (mutex) {
                    entries.remove();
                }
            }
        };
    }

    // Every Map method, default ones included, goes to the synchronized map so that it is atomic.

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return map.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return map.containsValue(value);
    }

    @Override
    public V get(Object key) {
        return map.get(key);
    }

    @Override
    public V put(K key, V value) {
        return map.put(key, value);
    }

    @Override
    public V remove(Object key) {
        return map.remove(key);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        map.putAll(m);
    }

    @Override
    public void clear() {
        map.clear();
    }

    @Override
    public Set<K> keySet() {
        return map.keySet();
    }

    @Override
    public Collection<V> values() {
        return map.values();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return map.entrySet();
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return map.getOrDefault(key, defaultValue);
    }

    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        map.forEach(action);
    }

    @Override
    public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
        map.replaceAll(function);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return map.putIfAbsent(key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return map.remove(key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public V replace(K key, V value) {
        return map.replace(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        return map.computeIfAbsent(key, mappingFunction);
    }

    @Override
    public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return map.computeIfPresent(key, remappingFunction);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        return map.compute(key, remappingFunction);
    }

    @Override
    public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        return map.merge(key, value, remappingFunction);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || map.equals(o);
    }

    @Override
    public int hashCode() {
        return map.hashCode();
    }

    @Override
    public String toString() {
        return map.toString();
    }
}
