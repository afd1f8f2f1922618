package org.multiprocessing4j.pool;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.multiprocessing4j.serialize.Serializer;

/**
 * The byte layout of the messages between a pool and its workers: big-endian integers and
 * length-prefixed byte strings, written into a growable buffer that one sender reuses.
 *
 * <pre>
 * pool → worker   TASK    byte 1 | long seq | long functionId
 *                                | either int -1 (the worker has the function cached)
 *                                  or int functionLength | function bytes | byte keep (1: cache it)
 *                                | int arity | int itemCount | int itemsLength
 *                                | itemCount × arity × (int length | bytes)
 *                 STOP    byte 2
 * worker → pool   RESULT  byte 1 | long seq | long workNanos | int count | count × (int length | bytes)
 *                 ERROR   byte 2 | long seq | long workNanos | error (see {@link TaskError})
 *                 BROKEN  byte 3 | long 0   | long 0        | error of the initializer
 *                 READY   byte 4 | long 0   | long 0        (the initializer and state factory are done)
 * </pre>
 *
 * <p>A message holds one or more records back to back: a sender under load batches what it has
 * ready into one message (one wake-up of the receiver instead of one per record). Every record
 * can be skipped without being understood: a TASK's items have a length, so a worker that fails
 * a chunk half-way still finds the next record.
 *
 * <p>Not thread-safe: one writer or reader per thread.
 */
final class Wire {

    static final byte TASK = 1, STOP = 2;
    static final byte RESULT = 1, ERROR = 2, BROKEN = 3, READY = 4;

    private Wire() {
    }

    /** A growable buffer written front to back; {@link #reset()} makes it reusable. */
    static final class Writer {
        private static final int SHRINK_ABOVE = 1 << 20;
        private byte[] buf;
        private int size;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        /** Empties the buffer for the next message; one grown past 1 MiB is given back to the GC. */
        Writer reset() {
            size = 0;
            if (buf.length > SHRINK_ABOVE) buf = new byte[1024];
            return this;
        }

        byte[] array() {
            return buf;
        }

        int size() {
            return size;
        }

        /** Drops what was written after the first {@code newSize} bytes. */
        void truncate(int newSize) {
            size = newSize;
        }

        /** Overwrites the 8 bytes at {@code offset} with {@code v}. */
        void patchLong(int offset, long v) {
            for (int i = 0; i < 8; i++) buf[offset + i] = (byte) (v >>> (56 - 8 * i));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                if (size + more < 0) throw new IllegalArgumentException("message larger than 2 GiB");
                buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
            }
        }

        Writer putByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
            return this;
        }

        Writer putInt(int v) {
            ensure(4);
            for (int shift = 24; shift >= 0; shift -= 8) buf[size++] = (byte) (v >>> shift);
            return this;
        }

        Writer putLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) buf[size++] = (byte) (v >>> shift);
            return this;
        }

        Writer putRaw(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, size, len);
            size += len;
            return this;
        }

        /** An int length, then the bytes. */
        Writer putBytes(byte[] b) {
            return putInt(b.length).putRaw(b, 0, b.length);
        }

        Writer putString(String s) {
            return putBytes((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Reads a message front to back; every read checks the bounds. */
    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this(buf, 0);
        }

        /** A reader of {@code buf} from {@code position}. */
        Reader(byte[] buf, int position) {
            this.buf = buf;
            this.pos = position;
        }

        /** True while unread bytes remain. */
        boolean hasMore() {
            return pos < buf.length;
        }

        int position() {
            return pos;
        }

        /** Moves to {@code newPos}, at most the end. */
        void seek(int newPos) throws EOFException {
            if (newPos < pos || newPos > buf.length) throw new EOFException("bad position in pool message");
            pos = newPos;
        }

        private void need(int n) throws EOFException {
            if (n < 0 || buf.length - pos < n) throw new EOFException("truncated pool message");
        }

        byte getByte() throws EOFException {
            need(1);
            return buf[pos++];
        }

        int getInt() throws EOFException {
            need(4);
            int v = 0;
            for (int i = 0; i < 4; i++) v = (v << 8) | (buf[pos++] & 0xFF);
            return v;
        }

        long getLong() throws EOFException {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos++] & 0xFF);
            return v;
        }

        /** The object in the next length-prefixed byte string. */
        Object getObject(Serializer serializer) throws IOException {
            int start = skipBytes();
            return serializer.deserialize(buf, start, pos - start);
        }

        /** Skips the next length-prefixed byte string; returns where its bytes start (they end here). */
        int skipBytes() throws EOFException {
            int len = getInt();
            need(len);
            int start = pos;
            pos += len;
            return start;
        }

        byte[] array() {
            return buf;
        }

        byte[] getBytes() throws EOFException {
            return getRaw(getInt());
        }

        /** The next {@code len} bytes. */
        byte[] getRaw(int len) throws EOFException {
            need(len);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
            pos += len;
            return b;
        }

        String getString() throws EOFException {
            return new String(getBytes(), StandardCharsets.UTF_8);
        }
    }
}
