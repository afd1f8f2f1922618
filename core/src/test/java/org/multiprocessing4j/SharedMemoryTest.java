package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InvalidObjectException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.shm.MappedSegment;

/** Value, Array and SharedMemory: CPython's sharedctypes and shared_memory [CORE] cases. */
@Timeout(120)
class SharedMemoryTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static void runInChild(SerializableRunnable target) throws Exception {
        Process p = new Process(target);
        p.start();
        assertTrue(p.join(LONG));
        assertEquals(0, p.exitCode().getAsInt(), "the child failed (see its stderr)");
    }

    @Test
    void childWritesValuesTheParentReads() throws Exception {
        Value.OfInt i = Value.ofInt(4343);
        Value.OfDouble d = Value.ofDouble(3.625);
        Value.OfShort h = Value.ofShort((short) -232);
        Value.OfLong q = Value.ofLong(1L << 33);
        Value.OfByte c = Value.ofByte((byte) 'x', false);
        runInChild(() -> {
            if (i.get() != 4343 || d.get() != 3.625 || h.get() != -232 || q.get() != 1L << 33 || c.get() != 'x') {
                throw new AssertionError("the child saw other initial values");
            }
            i.set(24234);
            d.set(-4.25);
            h.set((short) 234);
            q.set(1L << 34);
            c.set((byte) 'y');
        });
        assertEquals(24234, i.get());
        assertEquals(-4.25, d.get());
        assertEquals(234, h.get());
        assertEquals(1L << 34, q.get());
        assertEquals('y', c.get());
    }

    @Test
    void locks() throws Exception {
        RLock lock = new RLock();
        assertSame(lock, Value.ofInt(1, lock).getLock());
        Value.OfInt withDefault = Value.ofInt(0);
        assertTrue(withDefault.hasLock());
        assertTrue(withDefault.getLock() instanceof RLock);
        Value.OfInt raw = Value.ofInt(0, false);
        assertFalse(raw.hasLock());
        assertThrows(IllegalStateException.class, raw::getLock);
        assertThrows(IllegalStateException.class, () -> Array.ofInts(3, false).getLock());
    }

    @Test
    void lockedAndAtomicIncrementsFromSeveralChildrenAddUp() throws Exception {
        Value.OfLong locked = Value.ofLong(0);
        Value.OfInt atomic = Value.ofInt(0, false);
        Process[] children = new Process[3];
        for (int k = 0; k < children.length; k++) {
            children[k] = new Process(() -> {
                for (int n = 0; n < 2_000; n++) {
                    try (var held = locked.getLock().hold()) {
                        locked.set(locked.get() + 1);
                    }
                    atomic.incrementAndGet();
                }
            });
            children[k].start();
        }
        for (Process p : children) {
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt());
        }
        assertEquals(6_000, locked.get());
        assertEquals(6_000, atomic.get());
        assertTrue(atomic.compareAndSet(6_000, 7));
        assertFalse(atomic.compareAndSet(6_000, 8));
        assertEquals(7, atomic.getAndAdd(3));
        assertEquals(10, atomic.get());
    }

    @Test
    void arraysAreZeroedIndexedSlicedAndSharedWithChildren() throws Exception {
        Array.OfInts zeros = Array.ofInts(10);
        assertEquals(10, zeros.length());
        assertArrayEquals(new int[10], zeros.toArray());
        Array.OfInts arr = Array.ofInts(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertEquals(5, arr.get(5));
        assertArrayEquals(new int[] {2, 3, 4}, arr.toArray(2, 5));
        arr.copyFrom(new int[] {-1, -2}, 0, 2, 2);
        assertArrayEquals(new int[] {0, 1, -1, -2, 4}, arr.toArray(0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> arr.get(10));
        assertThrows(IndexOutOfBoundsException.class, () -> arr.set(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> Array.ofDoubles(-1));
        runInChild(() -> {
            for (int k = 0; k < arr.length(); k++) arr.set(k, arr.get(k) * 10);
        });
        assertArrayEquals(new int[] {0, 10, -10, -20, 40, 50, 60, 70, 80, 90}, arr.toArray());
    }

    @Test
    void tenMillionDoublesWrittenByAChildAreReadInPlace() throws Exception {
        Array.OfDoubles big = Array.ofDoubles(10_000_000, false);
        runInChild(() -> {
            var segment = big.segment();
            for (long k = 0; k < 10_000_000; k++) segment.setAtIndex(ValueLayout.JAVA_DOUBLE, k, k * 0.5);
        });
        assertEquals(0.0, big.get(0));
        assertEquals(4_999_999.5, big.get(9_999_999));
        for (int k = 0; k < big.length(); k++) {
            if (big.get(k) != k * 0.5) throw new AssertionError("element " + k + " is " + big.get(k));
        }
    }

    // ---------------------------------------------------------------- SharedMemory

    private static String freshName() {
        return "mp4j-test-" + UUID.randomUUID();
    }

    @Test
    void createAttachAndTheirErrors() throws Exception {
        String name = freshName();
        try (SharedMemory created = SharedMemory.create(name, 512)) {
            assertTrue(created.size() >= 512);
            assertEquals(name, created.name());
            created.segment().set(ValueLayout.JAVA_INT, 0, 0xCAFE);
            try (SharedMemory attached = SharedMemory.attach(name)) {
                assertEquals(0xCAFE, attached.segment().get(ValueLayout.JAVA_INT, 0));
                assertEquals(created.size(), attached.size());
            }
            assertThrows(FileAlreadyExistsException.class, () -> SharedMemory.create(name, 512));
            created.unlink();
            assertThrows(NoSuchFileException.class, created::unlink);
            assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(name));
            assertEquals(0xCAFE, created.segment().get(ValueLayout.JAVA_INT, 0), "mapped memory outlives the name");
        }
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(freshName(), -2));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create(freshName(), 0));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("bad\0name", 16));
        assertThrows(IllegalArgumentException.class, () -> SharedMemory.create("bad/name", 16));
    }

    @Test
    void closedMemoryRefusesAccess() throws Exception {
        SharedMemory shm = SharedMemory.create(1024);
        try {
            shm.close();
            shm.close();
            assertThrows(IllegalStateException.class, () -> shm.segment().get(ValueLayout.JAVA_INT, 0));
        } finally {
            shm.unlink();
        }
    }

    @Test
    void aChildAttachesByNameOrByCaptureAndWrites() throws Exception {
        try (SharedMemory shm = SharedMemory.create(freshName(), 64)) {
            String name = shm.name();
            runInChild(() -> {
                try (SharedMemory mine = SharedMemory.attach(name)) {
                    mine.segment().asSlice(0, 5).copyFrom(java.lang.foreign.MemorySegment.ofArray("howdy".getBytes(StandardCharsets.US_ASCII)));
                }
            });
            assertEquals("howdy", new String(shm.segment().asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            runInChild(() -> shm.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 'H'));
            assertEquals('H', shm.segment().get(ValueLayout.JAVA_BYTE, 0));

            byte[] serialized = Serializer.standard().serialize(shm);
            shm.unlink();
            var e = assertThrows(Exception.class, () -> Serializer.standard().deserialize(serialized, 0, serialized.length));
            assertTrue(e instanceof InvalidObjectException && e.getCause() instanceof NoSuchFileException, e.toString());
        }
    }

    @Test
    void untrackedMemoryIsNotUnlinkedByItsCreatorsExit() throws Exception {
        String name = freshName();
        runInChild(() -> SharedMemory.create(name, 128, false).segment().set(ValueLayout.JAVA_INT, 0, 7));
        Thread.sleep(1_500);                        // time for a tracker, were there one
        try (SharedMemory left = SharedMemory.attach(name)) {
            assertEquals(7, left.segment().get(ValueLayout.JAVA_INT, 0));
            left.unlink();
        }
        assertFalse(Files.exists(MappedSegment.DIRECTORY.resolve(name)));
    }
}
