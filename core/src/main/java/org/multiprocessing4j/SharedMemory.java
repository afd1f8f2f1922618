package org.multiprocessing4j;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.multiprocessing4j.shm.MappedSegment;
import org.multiprocessing4j.shm.ResourceTracker;

/**
 * A named block of shared memory: CPython's {@code multiprocessing.shared_memory.SharedMemory}.
 * One process creates it; others attach by name (or receive it captured by a target, which
 * attaches by name); all see the same bytes through {@link #segment()}.
 *
 * <pre>{@code
 * try (var shm = SharedMemory.create("frames", 1 << 20)) {
 *     shm.segment().set(ValueLayout.JAVA_INT, 0, 42);
 *     ...
 *     shm.unlink();
 * }
 * }</pre>
 *
 * <p><b>Lifetime.</b> {@link #close()} unmaps it in this process (using the segment afterwards throws
 * {@link IllegalStateException}); {@link #unlink()} removes the name, once, for everyone; the memory
 * lives on while some process has it mapped. A segment created <em>tracked</em> (the default) is
 * unlinked when its creator is gone, even by {@code kill -9}, if nobody unlinked it before; create
 * it untracked ({@code create(name, size, false)}) when it must outlive its creator, for other
 * programs.
 *
 * <p>Errors in Java's types: an existing name → {@link java.nio.file.FileAlreadyExistsException};
 * a missing one → {@link NoSuchFileException}; a size ≤ 0 or a bad name →
 * {@link IllegalArgumentException}.
 *
 * <p>Thread-safe; {@code close()} while other threads use the segment makes their accesses fail.
 */
public final class SharedMemory implements AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final transient Arena arena;
    private final transient MemorySegment segment;

    private SharedMemory(String name, Arena arena, MemorySegment segment) {
        this.name = name;
        this.arena = arena;
        this.segment = segment;
    }

    /** Creates a tracked segment of {@code size} bytes with a fresh name ({@code psm_...}, as CPython). */
    public static SharedMemory create(long size) throws IOException {
        return create("psm_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()), size, true);
    }

    /** Creates a tracked, zero-filled segment named {@code name} of {@code size} bytes. */
    public static SharedMemory create(String name, long size) throws IOException {
        return create(name, size, true);
    }

    /**
     * Creates a zero-filled segment named {@code name} of {@code size} bytes.
     *
     * @param tracked if true, unlinked when this process is gone unless unlinked before; if false,
     *                it stays until someone unlinks it
     * @throws java.nio.file.FileAlreadyExistsException if the name exists
     * @throws IllegalArgumentException                 if {@code size <= 0} or the name is not valid
     */
    public static SharedMemory create(String name, long size, boolean tracked) throws IOException {
        checkName(name);
        if (size <= 0) throw new IllegalArgumentException("size must be > 0: " + size);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment segment = MappedSegment.createNamed(name, size, arena);
            if (tracked) ResourceTracker.register(name);
            return new SharedMemory(name, arena, segment);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Attaches to the existing segment {@code name}, whole.
     *
     * @throws NoSuchFileException if there is none
     */
    public static SharedMemory attach(String name) throws IOException {
        checkName(name);
        Arena arena = Arena.ofShared();
        try {
            return new SharedMemory(name, arena, MappedSegment.map(name, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255 || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0 || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a valid shared memory name: " + (name == null ? null : '"' + name + '"'));
        }
    }

    /** The memory, read-write. */
    public MemorySegment segment() {
        return segment;
    }

    /** Its size in bytes (the actual size of the segment, whatever size an attach asked for). */
    public long size() {
        return segment.byteSize();
    }

    /** Its name. */
    public String name() {
        return name;
    }

    /** Unmaps the memory in this process; idempotent. The segment itself stays until unlinked. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    /**
     * Removes the name: no one can attach any more, and the memory is freed once every process
     * has closed it. Stops its tracking.
     *
     * @throws NoSuchFileException if it was already unlinked
     */
    public void unlink() throws IOException {
        Files.delete(MappedSegment.DIRECTORY.resolve(name));
        ResourceTracker.unregister(name);
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size() + " bytes]";
    }

    @Serial
    private Object readResolve() throws ObjectStreamException {
        try {
            return attach(name);
        } catch (IOException e) {
            InvalidObjectException failure = new InvalidObjectException("cannot attach shared memory " + name + ": " + e);
            failure.initCause(e);
            throw failure;
        }
    }
}
