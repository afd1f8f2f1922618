package org.multiprocessing4j;

import java.io.Serializable;

/**
 * An action on one argument that can travel to a worker process: a pool's initializer with its
 * argument ({@link PoolOptions#initializer(SerializableConsumer, Object)}).
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T> extends Serializable {

    /** Performs the action, in a worker process. */
    void accept(T t) throws Exception;
}
