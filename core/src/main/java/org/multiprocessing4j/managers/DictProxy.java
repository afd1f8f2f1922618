package org.multiprocessing4j.managers;

import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import org.multiprocessing4j.SerializationException;

/**
 * A {@link Map} whose entries live in a manager's server (insertion-ordered, as Python's dicts):
 * every call is one request, atomic in the server. {@code compute}, {@code merge} and friends are
 * atomic too, built on the remote {@code putIfAbsent}/{@code replace}/{@code remove} (as
 * {@link ConcurrentMap}'s defaults; the functions run here; like those, they take a key mapped to
 * {@code null} for an absent one). Iterating the entry set, key set or
 * values goes through an iterator that stays in the server, one entry per request: changing the
 * dict meanwhile makes the next step throw {@link java.util.ConcurrentModificationException}, as
 * CPython's dict proxy raises {@code RuntimeError}. Entries are copies: {@code setValue} is not
 * supported; {@code put} instead.
 *
 * <p>Thread-safe and process-safe; travels to other processes as a reference to the same dict.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
final class DictProxy<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final String SIZE = sig("size"), CONTAINS_KEY = sig("containsKey", Object.class),
            CONTAINS_VALUE = sig("containsValue", Object.class), GET = sig("get", Object.class),
            PUT = sig("put", Object.class, Object.class), REMOVE = sig("remove", Object.class),
            PUT_ALL = sig("putAll", Map.class), CLEAR = sig("clear"),
            PUT_IF_ABSENT = sig("putIfAbsent", Object.class, Object.class),
            REMOVE_PAIR = sig("remove", Object.class, Object.class),
            REPLACE = sig("replace", Object.class, Object.class),
            REPLACE_PAIR = sig("replace", Object.class, Object.class, Object.class),
            GET_OR_DEFAULT = sig("getOrDefault", Object.class, Object.class),
            EQUALS = sig("equals", Object.class), HASH_CODE = sig("hashCode"), TO_STRING = sig("toString"),
            ENTRY_ITERATOR = sig("entryIterator");

    private final transient ManagerClient client;
    private final Token token;

    DictProxy(ManagerClient client, Token token) {
        this.client = client;
        this.token = token;
    }

    private static String sig(String name, Class<?>... params) {
        return ExposedMethods.signature(DictOps.class, name, params);
    }

    private Object remote(String signature, Object... args) {
        return client.callUnchecked(token, signature, args);
    }

    @Override
    public int size() {
        return (Integer) remote(SIZE);
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return (Boolean) remote(CONTAINS_KEY, key);
    }

    @Override
    public boolean containsValue(Object value) {
        return (Boolean) remote(CONTAINS_VALUE, value);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V get(Object key) {
        return (V) remote(GET, key);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V put(K key, V value) {
        return (V) remote(PUT, key, value);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V remove(Object key) {
        return (V) remote(REMOVE, key);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> m) {
        remote(PUT_ALL, new LinkedHashMap<>(m));
    }

    @Override
    public void clear() {
        remote(CLEAR);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V putIfAbsent(K key, V value) {
        return (V) remote(PUT_IF_ABSENT, key, value);
    }

    @Override
    public boolean remove(Object key, Object value) {
        return (Boolean) remote(REMOVE_PAIR, key, value);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V replace(K key, V value) {
        return (V) remote(REPLACE, key, value);
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return (Boolean) remote(REPLACE_PAIR, key, oldValue, newValue);
    }

    @SuppressWarnings("unchecked")
    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return (V) remote(GET_OR_DEFAULT, key, defaultValue);
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @SuppressWarnings("unchecked")
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return (Iterator<Map.Entry<K, V>>) remote(ENTRY_ITERATOR);
            }

            @Override
            public int size() {
                return DictProxy.this.size();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o == this || o instanceof DictProxy<?, ?> other && other.token.equals(token)) return true;
        if (!(o instanceof Map<?, ?> map)) return false;
        try {
            return (Boolean) remote(EQUALS, new LinkedHashMap<>(map));
        } catch (SerializationException cannotTravel) {
            return false; // a map holding what cannot reach the server equals nothing there
        }
    }

    @Override
    public int hashCode() {
        return (Integer) remote(HASH_CODE);
    }

    @Override
    public String toString() {
        return (String) remote(TO_STRING);
    }

    @Serial
    private Object writeReplace() {
        return ProxyForm.of(client, token, ProxyForm.DICT);
    }
}
