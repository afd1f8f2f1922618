package org.multiprocessing4j.pool;

import java.io.Serializable;
import org.multiprocessing4j.SerializableBiFunction;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableFunction;

/**
 * A user's task function with a uniform call: the form in which functions travel to workers.
 * Each item of a chunk carries {@link #arity()} arguments.
 */
public sealed interface TaskFunction extends Serializable {

    /** How many arguments each call takes. */
    int arity();

    /** The function the user gave (its class decides whether its serialized form can be cached). */
    Object user();

    /** Calls the function, in a worker. */
    Object call(Object[] args) throws Exception;

    /** A task without arguments. */
    record OfCallable(SerializableCallable<?> user) implements TaskFunction {
        @Override
        public int arity() {
            return 0;
        }

        @Override
        public Object call(Object[] args) throws Exception {
            return user.call();
        }
    }

    /** A function of one argument ({@code map}, {@code imap}, {@code apply(f, x)}). */
    record OfFunction(SerializableFunction<Object, ?> user) implements TaskFunction {
        @Override
        public int arity() {
            return 1;
        }

        @Override
        public Object call(Object[] args) throws Exception {
            return user.apply(args[0]);
        }
    }

    /** A function of two arguments ({@code starmap}). */
    record OfBiFunction(SerializableBiFunction<Object, Object, ?> user) implements TaskFunction {
        @Override
        public int arity() {
            return 2;
        }

        @Override
        public Object call(Object[] args) throws Exception {
            return user.apply(args[0], args[1]);
        }
    }
}
