package org.multiprocessing4j;

import java.io.Serializable;

/**
 * A function of two arguments that can travel to a worker process: the type of
 * {@link Pool#starmap}'s function (CPython's {@code f(*args)} for pairs).
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends Serializable {

    /** Applies the function, in a worker process. */
    R apply(A a, B b) throws Exception;
}
