package org.multiprocessing4j.managers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.StringJoiner;
import org.multiprocessing4j.Manager;

/**
 * The object behind a manager's {@link Manager.Namespace}, in the server: named values in the
 * order they were first set. Thread-safe (every method holds this object's monitor).
 */
final class SharedNamespace implements Manager.Namespace {

    private final Map<String, Object> values = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    @Override
    public synchronized <T> T get(String name) {
        if (!values.containsKey(name)) throw new NoSuchElementException("the namespace has no value named '" + name + "'");
        return (T) values.get(name);
    }

    @Override
    public synchronized void set(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public synchronized boolean has(String name) {
        return values.containsKey(name);
    }

    @Override
    public synchronized void delete(String name) {
        if (!values.containsKey(name)) throw new NoSuchElementException("the namespace has no value named '" + name + "'");
        values.remove(name);
    }

    @Override
    public synchronized Map<String, Object> toMap() {
        return new LinkedHashMap<>(values);
    }

    /** {@code Namespace(name='Bob', n=3)}: as CPython, names starting with '_' are left out. */
    @Override
    public synchronized String toString() {
        StringJoiner out = new StringJoiner(", ", "Namespace(", ")");
        values.forEach((name, value) -> {
            if (!name.startsWith("_")) out.add(name + "=" + (value instanceof String s ? "'" + s + "'" : value));
        });
        return out.toString();
    }
}
