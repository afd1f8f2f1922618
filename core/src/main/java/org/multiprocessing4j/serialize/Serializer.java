package org.multiprocessing4j.serialize;

import java.io.IOException;

/**
 * Turns objects into bytes for another process and back. Every crossing (process bootstrap,
 * pipe messages, and later queues, pools and managers) goes through one instance of this
 * interface, so a faster format can replace the default in one place.
 *
 * <p>Implementations are thread-safe.
 */
public interface Serializer {

    /**
     * The encoded form of {@code value} ({@code null} allowed).
     *
     * @throws org.multiprocessing4j.SerializationException naming the class that cannot be serialized
     */
    byte[] serialize(Object value);

    /**
     * The object encoded in {@code bytes[offset, offset + length)}.
     *
     * @throws IOException if the bytes are not a valid encoding, name a class that is not here,
     *                     or are refused by the deserialization filter
     */
    Object deserialize(byte[] bytes, int offset, int length) throws IOException;

    /** The serializer in use: {@link TaggedSerializer}. */
    static Serializer standard() {
        return TaggedSerializer.INSTANCE;
    }
}
