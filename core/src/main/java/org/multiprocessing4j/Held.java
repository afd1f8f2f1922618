package org.multiprocessing4j;

/**
 * A lock or permit held for the length of a {@code try} block: {@code close()} releases it and
 * throws nothing checked.
 *
 * <pre>{@code
 * try (var held = lock.hold()) {
 *     // only one process at a time runs this
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Held extends AutoCloseable {

    /** Releases what {@code hold()} acquired. */
    @Override
    void close();
}
