package org.multiprocessing4j.serialize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable buffer written front to back, big-endian, for hand-laid-out messages (a pool's
 * tasks, a manager's calls); {@link #reset()} makes it reusable by its one sender.
 *
 * <p>Not thread-safe.
 */
public final class ByteWriter {
    private static final int SHRINK_ABOVE = 1 << 20;
    private byte[] buf;
    private int size;

    /** An empty buffer of {@code capacity} bytes to start with. */
    public ByteWriter(int capacity) {
        buf = new byte[capacity];
    }

    /** Empties the buffer for the next message; one grown past 1 MiB is given back to the GC. */
    public ByteWriter reset() {
        size = 0;
        if (buf.length > SHRINK_ABOVE) buf = new byte[1024];
        return this;
    }

    public byte[] array() {
        return buf;
    }

    public int size() {
        return size;
    }

    /** Drops what was written after the first {@code newSize} bytes. */
    public void truncate(int newSize) {
        size = newSize;
    }

    /** Overwrites the 4 bytes at {@code offset} with {@code v}. */
    public ByteWriter patchInt(int offset, int v) {
        for (int i = 0; i < 4; i++) buf[offset + i] = (byte) (v >>> (24 - 8 * i));
        return this;
    }

    /** Overwrites the 8 bytes at {@code offset} with {@code v}. */
    public void patchLong(int offset, long v) {
        for (int i = 0; i < 8; i++) buf[offset + i] = (byte) (v >>> (56 - 8 * i));
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            if (size + more < 0) throw new IllegalArgumentException("message larger than 2 GiB");
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }

    public ByteWriter putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public ByteWriter putInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) buf[size++] = (byte) (v >>> shift);
        return this;
    }

    public ByteWriter putLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) buf[size++] = (byte) (v >>> shift);
        return this;
    }

    public ByteWriter putRaw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** An int length, then the bytes. */
    public ByteWriter putBytes(byte[] b) {
        return putInt(b.length).putRaw(b, 0, b.length);
    }

    public ByteWriter putString(String s) {
        return putBytes((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
    }
}
