package org.multiprocessing4j.pool;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.multiprocessing4j.serialize.Serializer;

/**
 * A task function serialized once, with an id by which a worker that has it cached can be told
 * to reuse it: a chunk then carries 16 bytes instead of the function.
 *
 * <p>A function whose class is a lambda or method reference capturing nothing (a hidden class with
 * no instance field) has the same serialized form for ever, so its reference is made once per
 * class and reused by every call; any other function gets a new reference per {@code map} or
 * {@code apply} call, so later changes to what it captured are seen, as CPython pickles the
 * function anew for each call.
 *
 * @param id    unique in this JVM
 * @param bytes the serialized {@link TaskFunction}
 */
public record FunctionRef(long id, byte[] bytes, boolean shared) {

    private static final AtomicLong IDS = new AtomicLong();
    /** Per class: a slot for its reference if it is stateless (see {@link #isStateless}), else null. */
    private static final ClassValue<AtomicReference<FunctionRef>> STATELESS = new ClassValue<>() {
        @Override
        protected AtomicReference<FunctionRef> computeValue(Class<?> type) {
            return isStateless(type) ? new AtomicReference<>() : null;
        }
    };

    /**
     * The reference of {@code function}, serializing it unless cached.
     *
     * @throws org.multiprocessing4j.SerializationException if it cannot be serialized, naming the class
     */
    public static FunctionRef of(TaskFunction function) {
        AtomicReference<FunctionRef> slot = STATELESS.get(function.user().getClass());
        if (slot == null) return serialize(function, false);
        FunctionRef ref = slot.get();
        if (ref == null) {
            ref = serialize(function, true);
            if (!slot.compareAndSet(null, ref)) ref = slot.get();
        }
        return ref;
    }

    private static FunctionRef serialize(TaskFunction function, boolean shared) {
        return new FunctionRef(IDS.incrementAndGet(), Serializer.standard().serialize(function), shared);
    }

    private static boolean isStateless(Class<?> type) {
        if (!type.isHidden()) return false;
        return Arrays.stream(type.getDeclaredFields()).map(Field::getModifiers).allMatch(Modifier::isStatic);
    }
}
