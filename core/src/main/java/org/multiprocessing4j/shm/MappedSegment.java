package org.multiprocessing4j.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A named file in shared memory ({@code /dev/shm}, or the temporary directory where that does not
 * exist), mapped read-write into this process.
 *
 * <p>The mapping belongs to an automatic arena: it is unmapped when the segment becomes
 * unreachable, so no thread can touch unmapped memory. Unlinking removes the name only; processes
 * that mapped it keep working.
 *
 * <p>Names made by {@link #createUnique} carry the creating process's pid
 * ({@code mp4j-<pid>-<n>-<random>}). Until the full resource tracker exists, two safety nets
 * keep {@code /dev/shm} clean: this process unlinks at exit whatever it created and did not
 * unlink, and the first creation in any process unlinks the segments of creators that are dead.
 *
 * <p>Thread-safe.
 */
public final class MappedSegment {

    /** Where segments live: {@code /dev/shm} on Linux, else the temporary directory. */
    public static final Path DIRECTORY = Files.isDirectory(Path.of("/dev/shm"))
            ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));

    private static final String PREFIX = "mp4j-";
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<String> CREATED_HERE = ConcurrentHashMap.newKeySet();

    static {
        sweepDeadCreators();
        installExitHook();
    }

    private final String name;
    private final MemorySegment segment;

    private MappedSegment(String name, MemorySegment segment) {
        this.name = name;
        this.segment = segment;
    }

    /** Creates a zero-filled segment with a fresh name that embeds this process's pid. */
    public static MappedSegment createUnique(long size) {
        String name = PREFIX + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        try {
            return create(name, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory segment " + name, e);
        }
    }

    /**
     * Creates the named segment, zero-filled, owner-only.
     *
     * @throws FileAlreadyExistsException if the name exists
     */
    public static MappedSegment create(String name, long size) throws IOException {
        Path path = DIRECTORY.resolve(name);
        try (FileChannel ch = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            CREATED_HERE.add(name);
            // Mapping past the end grows the file; tmpfs allocates pages only when touched.
            return new MappedSegment(name, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto()));
        }
    }

    /**
     * Maps an existing segment, whole.
     *
     * @throws java.nio.file.NoSuchFileException if there is no segment of that name
     */
    public static MappedSegment attach(String name) throws IOException {
        Path path = DIRECTORY.resolve(name);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return new MappedSegment(name, ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), Arena.ofAuto()));
        }
    }

    /** The segment's name, without directory. */
    public String name() {
        return name;
    }

    /** The mapped memory. */
    public MemorySegment segment() {
        return segment;
    }

    /** Removes the name; returns false if it was already gone. Mappings stay valid. */
    public boolean unlink() {
        CREATED_HERE.remove(name);
        try {
            return Files.deleteIfExists(DIRECTORY.resolve(name));
        } catch (IOException e) {
            return false;
        }
    }

    private static void sweepDeadCreators() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIRECTORY, PREFIX + "*")) {
            for (Path file : files) {
                long creator = creatorPid(file.getFileName().toString());
                if (creator > 0 && !ProcessHandle.of(creator).map(ProcessHandle::isAlive).orElse(false)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a segment we cannot inspect is left for its owner.
        }
    }

    private static void installExitHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String name : CREATED_HERE) {
                try {
                    Files.deleteIfExists(DIRECTORY.resolve(name));
                } catch (IOException e) {
                    // the process is exiting; nothing more can be done
                }
            }
        }, "mp4j-segment-cleanup"));
    }

    private static long creatorPid(String fileName) {
        int start = PREFIX.length(), end = fileName.indexOf('-', start);
        if (end < 0) return -1;
        try {
            return Long.parseLong(fileName, start, end, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
