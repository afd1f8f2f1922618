package org.multiprocessing4j;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can travel to a worker process: the type of pool tasks without
 * arguments ({@link Pool#applyAsync(SerializableCallable)}, {@link ProcessPoolExecutor#submit}).
 *
 * <p>Because a pool's parameter type is this interface, {@code javac} compiles a lambda passed
 * there as a serializable lambda; everything it captures must be serializable too, which the pool
 * checks in the caller, naming the class that is not.
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V> extends Callable<V>, Serializable {
}
