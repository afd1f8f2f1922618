package org.multiprocessing4j;

import java.io.IOException;

/**
 * {@link Connection#recvBytesInto(byte[], int)} received a message that does not fit in the
 * buffer. The message has been consumed and is available, whole, from {@link #message()}, as
 * CPython's {@code BufferTooShort.args[0]}.
 */
public class BufferTooShortException extends IOException {

    private static final long serialVersionUID = 1L;

    private final byte[] message;

    /** Creates the exception carrying the message that did not fit. */
    public BufferTooShortException(byte[] message, int room) {
        super("message of " + message.length + " bytes does not fit in the " + room + " bytes available");
        this.message = message;
    }

    /** The whole message that was received (not a copy). */
    public byte[] message() {
        return message;
    }
}
