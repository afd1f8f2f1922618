package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;
import org.multiprocessing4j.Manager;
import org.multiprocessing4j.SerializableFunction;

/**
 * A value shared by name on a cluster: an entry of {@value #MAP} holding the value sealed.
 * {@code get}, {@code set} and {@code getAndSet} are single IMap operations;
 * {@code compareAndSet} compares with {@code equals} in the caller and swaps by the exact bytes
 * it compared ({@link EqualsCas}); {@code updateAndGet} runs the function once, atomically, on the
 * member that owns the entry ({@link ValueUpdate}), which needs the function's class on its class
 * path and should be quick (it holds the entry's partition meanwhile).
 *
 * <p>Thread-safe; travels (captured by a task) as the cluster's and the value's names.
 *
 * @param <T> the value's type
 */
final class ClusterValue<T> implements Manager.ValueProxy<T>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String MAP = "mp4j.values";

    private final ClusterRef ref;
    private final String name;

    private ClusterValue(ClusterRef ref, String name) {
        this.ref = ref;
        this.name = name;
    }

    /** The value {@code name} of the cluster, set to {@code initial} if it has none yet. */
    static <T> ClusterValue<T> open(ClusterContext context, String name, T initial) {
        ClusterValue<T> value = new ClusterValue<>(new ClusterRef(context), Objects.requireNonNull(name, "name"));
        value.values().putIfAbsent(name, context.seal(initial));
        return value;
    }

    private IMap<String, byte[]> values() {
        return ref.hazelcast().getMap(MAP);
    }

    @SuppressWarnings("unchecked")
    private T open(byte[] sealed) {
        return (T) ref.open(sealed, what());
    }

    private String what() {
        return "shared value '" + name + "'";
    }

    @Override
    public T get() {
        return open(values().get(name));
    }

    @Override
    public void set(T value) {
        values().set(name, ref.seal(value));
    }

    @Override
    public T getAndSet(T value) {
        return open(values().put(name, ref.seal(value)));
    }

    @Override
    public boolean compareAndSet(T expected, T newValue) {
        return EqualsCas.replace(ref, values(), name, expected, ref.seal(newValue), what());
    }

    /**
     * {@inheritDoc} On a cluster: on the member that owns the value.
     *
     * @throws Exception what the function threw (nothing changed then), or an
     *                   {@link java.io.UncheckedIOException} if the value is not sealed with the key
     */
    @Override
    @SuppressWarnings("unchecked")
    public T updateAndGet(SerializableFunction<T, T> update) throws Exception {
        byte[] outcome = values().executeOnKey(name, new ValueUpdate(ref.seal(Objects.requireNonNull(update, "update"))));
        Object[] result = (Object[]) ref.open(outcome, "the outcome of an update of " + what());
        if (Boolean.TRUE.equals(result[0])) return (T) result[1];
        if (result[1] instanceof Exception e) throw e;
        throw new IllegalStateException("update of " + what() + " failed: " + result[1]);
    }

    @Override
    public String toString() {
        return "ClusterValue[" + name + "@" + ref + "]";
    }
}
