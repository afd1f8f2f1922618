package org.multiprocessing4j.managers;

import java.util.Objects;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.SerializableFunction;

/**
 * The object behind a manager's {@link Manager.ValueProxy}, in the server: one value.
 * Thread-safe (every method holds this object's monitor).
 *
 * @param <T> the type of the value
 */
final class SharedValue<T> implements Manager.ValueProxy<T> {

    private T value;

    SharedValue(T initial) {
        this.value = initial;
    }

    @Override
    public synchronized T get() {
        return value;
    }

    @Override
    public synchronized void set(T newValue) {
        value = newValue;
    }

    @Override
    public synchronized T getAndSet(T newValue) {
        T old = value;
        value = newValue;
        return old;
    }

    @Override
    public synchronized boolean compareAndSet(T expected, T newValue) {
        if (!Objects.equals(value, expected)) return false;
        value = newValue;
        return true;
    }

    @Override
    public synchronized T updateAndGet(SerializableFunction<T, T> update) throws Exception {
        value = update.apply(value);
        return value;
    }

    @Override
    public synchronized String toString() {
        return "Value(" + value + ")";
    }
}
