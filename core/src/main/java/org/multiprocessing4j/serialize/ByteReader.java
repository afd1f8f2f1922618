package org.multiprocessing4j.serialize;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a message written by {@link ByteWriter} front to back; every read checks the bounds and
 * throws {@link EOFException} past the end.
 *
 * <p>Not thread-safe.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;

    /** A reader of all of {@code buf}. */
    public ByteReader(byte[] buf) {
        this(buf, 0);
    }

    /** A reader of {@code buf} from {@code position}. */
    public ByteReader(byte[] buf, int position) {
        this.buf = buf;
        this.pos = position;
    }

    /** True while unread bytes remain. */
    public boolean hasMore() {
        return pos < buf.length;
    }

    public int position() {
        return pos;
    }

    /** Moves to {@code newPos}, at most the end. */
    public void seek(int newPos) throws EOFException {
        if (newPos < pos || newPos > buf.length) throw new EOFException("bad position in message");
        pos = newPos;
    }

    private void need(int n) throws EOFException {
        if (n < 0 || buf.length - pos < n) throw new EOFException("truncated message");
    }

    public byte getByte() throws EOFException {
        need(1);
        return buf[pos++];
    }

    public int getInt() throws EOFException {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) v = (v << 8) | (buf[pos++] & 0xFF);
        return v;
    }

    public long getLong() throws EOFException {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xFF);
        return v;
    }

    /** The object in the next length-prefixed byte string. */
    public Object getObject(Serializer serializer) throws IOException {
        int start = skipBytes();
        return serializer.deserialize(buf, start, pos - start);
    }

    /** Skips the next length-prefixed byte string; returns where its bytes start (they end here). */
    public int skipBytes() throws EOFException {
        int len = getInt();
        need(len);
        int start = pos;
        pos += len;
        return start;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] getBytes() throws EOFException {
        return getRaw(getInt());
    }

    /** The next {@code len} bytes. */
    public byte[] getRaw(int len) throws EOFException {
        need(len);
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    public String getString() throws EOFException {
        return new String(getBytes(), StandardCharsets.UTF_8);
    }
}
