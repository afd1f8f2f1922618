package org.multiprocessing4j;

import java.io.Serializable;

/**
 * A function of one argument that can travel to a worker process: the type of
 * {@link Pool#map}'s function. {@code apply} may throw any exception; a pool re-throws it in the
 * caller (see {@link Pool}).
 *
 * <p>A lambda passed where this type is expected is compiled as a serializable lambda; what it
 * captures must be serializable too.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Serializable {

    /** Applies the function, in a worker process. */
    R apply(T t) throws Exception;
}
