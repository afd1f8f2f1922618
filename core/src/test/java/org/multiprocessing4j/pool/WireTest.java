package org.multiprocessing4j.pool;

import org.multiprocessing4j.serialize.ByteWriter;
import org.multiprocessing4j.serialize.ByteReader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.serialize.Serializer;

/**
 * {@link Wire}, the byte layout of the pool's messages: every value a {@link ByteWriter} writes
 * comes back unchanged from a {@link ByteReader}, in order and big-endian; a message cut short
 * (a worker that died mid-send, a corrupt length) throws {@link EOFException} instead of reading
 * out of bounds or allocating a bogus length; and a writer that grew for one huge message gives the
 * memory back on {@link ByteWriter#reset()}, since each worker's sender keeps its writer for ever.
 */
@Timeout(30)
class WireTest {

    private static final int MIB = 1 << 20;

    /** Writes one of every kind of value, edge cases included; {@link #readAll} reads them back. */
    private static ByteWriter writeAll(ByteWriter out) {
        Serializer serializer = Serializer.standard();
        byte[] raw = {9, 8, 7, 6, 5, 4, 3};
        return out.putByte(Wire.TASK).putByte(-1).putByte(0x1FF)      // 0x1FF: only the low byte is kept
                .putInt(0).putInt(-1).putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE).putInt(0x01020304)
                .putLong(0).putLong(-1).putLong(Long.MIN_VALUE).putLong(Long.MAX_VALUE).putLong(0x0102030405060708L)
                .putRaw(raw, 2, 3)
                .putBytes(new byte[0]).putBytes(new byte[] {1, 2, 3})
                .putString("").putString(null).putString("ascii").putString("héllo ✓ 𝄞")
                .putBytes(serializer.serialize(List.of(1, "two", 3.0)))
                .putBytes(serializer.serialize(Map.of("k", new int[] {1, 2})))
                .putBytes(serializer.serialize(null));
    }

    private static void readAll(ByteReader in) throws IOException {
        Serializer serializer = Serializer.standard();
        assertEquals(Wire.TASK, in.getByte());
        assertEquals(-1, in.getByte());
        assertEquals(-1, in.getByte());
        assertEquals(0, in.getInt());
        assertEquals(-1, in.getInt());
        assertEquals(Integer.MIN_VALUE, in.getInt());
        assertEquals(Integer.MAX_VALUE, in.getInt());
        assertEquals(0x01020304, in.getInt());
        assertEquals(0, in.getLong());
        assertEquals(-1, in.getLong());
        assertEquals(Long.MIN_VALUE, in.getLong());
        assertEquals(Long.MAX_VALUE, in.getLong());
        assertEquals(0x0102030405060708L, in.getLong());
        assertArrayEquals(new byte[] {7, 6, 5}, in.getRaw(3));
        assertArrayEquals(new byte[0], in.getBytes());
        assertArrayEquals(new byte[] {1, 2, 3}, in.getBytes());
        assertEquals("", in.getString());
        assertEquals("", in.getString(), "a null string is written as the empty string");
        assertEquals("ascii", in.getString());
        assertEquals("héllo ✓ 𝄞", in.getString());
        assertEquals(List.of(1, "two", 3.0), in.getObject(serializer));
        @SuppressWarnings("unchecked")
        Map<String, int[]> map = (Map<String, int[]>) in.getObject(serializer);
        assertArrayEquals(new int[] {1, 2}, map.get("k"));
        assertEquals(null, in.getObject(serializer));
    }

    /** Every type round-trips, and the message is consumed exactly: one more read is past its end. */
    @Test
    void everyTypeRoundTrips() throws IOException {
        ByteWriter out = writeAll(new ByteWriter(16));    // small: grows many times on the way
        byte[] message = out.toByteArray();
        assertEquals(out.size(), message.length);
        ByteReader in = new ByteReader(message);
        readAll(in);
        assertThrows(EOFException.class, in::getByte, "the message should be consumed exactly");
    }

    /** Integers are big-endian, as the layout in {@link Wire} says (a worker and a pool must agree). */
    @Test
    void integersAreBigEndian() {
        byte[] bytes = new ByteWriter(4).putInt(0x01020304).putLong(0x05060708090A0B0CL).putBytes(new byte[] {42}).toByteArray();
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 1, 42}, bytes);
    }

    /** Every proper prefix of a message fails with EOFException at the read that crosses its end. */
    @Test
    void truncatedInputThrowsEofException() {
        byte[] message = writeAll(new ByteWriter(1024)).toByteArray();
        for (int length = 0; length < message.length; length++) {
            ByteReader in = new ByteReader(Arrays.copyOf(message, length));
            assertThrows(EOFException.class, () -> readAll(in), "a message cut to " + length + " of " + message.length + " bytes");
        }
    }

    /** A corrupt length prefix, negative or beyond the message, is an EOFException, not an allocation or an index error. */
    @Test
    void corruptLengthsThrowEofException() {
        byte[] negative = new ByteWriter(8).putInt(-5).putInt(0).toByteArray();
        assertThrows(EOFException.class, () -> new ByteReader(negative).getBytes());
        assertThrows(EOFException.class, () -> new ByteReader(negative).getString());
        assertThrows(EOFException.class, () -> new ByteReader(negative).getObject(Serializer.standard()));
        assertThrows(EOFException.class, () -> new ByteReader(negative).getRaw(-1));

        byte[] huge = new ByteWriter(8).putInt(Integer.MAX_VALUE).putInt(0).toByteArray();
        assertThrows(EOFException.class, () -> new ByteReader(huge).getBytes());
        assertThrows(EOFException.class, () -> new ByteReader(huge).getObject(Serializer.standard()));
    }

    /** A failed read does not move the reader: what is there can still be read. */
    @Test
    void aReadPastTheEndConsumesNothing() throws EOFException {
        ByteReader in = new ByteReader(new byte[] {0, 0, 0, 7});
        assertThrows(EOFException.class, in::getLong);
        assertEquals(7, in.getInt());
    }

    /** A writer grown past 1 MiB for one message gets a small buffer again on reset, and still works. */
    @Test
    void aWriterGrownPastOneMibShrinksOnReset() throws EOFException {
        ByteWriter out = new ByteWriter(1024);
        byte[] big = new byte[MIB + 1];
        big[MIB] = 42;
        out.putRaw(big, 0, big.length);
        assertTrue(out.array().length > MIB, "grew to hold the message");

        assertSame(out, out.reset());
        assertEquals(0, out.size());
        assertTrue(out.array().length <= 64 * 1024, "should have shrunk, holds " + out.array().length + " bytes");

        byte[] again = out.putInt(5).putBytes(big).toByteArray();
        ByteReader in = new ByteReader(again);
        assertEquals(5, in.getInt());
        assertArrayEquals(big, in.getBytes());
    }

    /** One of at most 1 MiB keeps its buffer on reset: no reallocation per message in the common case. */
    @Test
    void aWriterOfAtMostOneMibKeepsItsBufferOnReset() {
        ByteWriter out = new ByteWriter(1024);
        out.putRaw(new byte[MIB], 0, MIB);
        byte[] buffer = out.array();
        assertEquals(MIB, buffer.length);
        out.reset();
        assertSame(buffer, out.array(), "a 1 MiB buffer should be reused");
        assertEquals(0, out.size());

        out.putByte(1);
        assertSame(buffer, out.array());
        assertArrayEquals(new byte[] {1}, out.toByteArray(), "a reset writer starts from the beginning");
        assertNotSame(buffer, out.toByteArray());
    }
}
