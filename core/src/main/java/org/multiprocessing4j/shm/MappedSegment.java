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
import java.util.Map;
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
 * <p>The library's segments are named {@code mp4j-<owner pid>-<creator pid>.<n>-<random>}, with a
 * final {@code h} for a {@link HeldSegment} (whose header lists its holders). Until the full
 * resource tracker exists, two safety nets keep {@code /dev/shm} clean: at exit a process unlinks
 * what it created and did not unlink, unless another live process still holds it; and the first
 * use in any process unlinks the segments of dead owners that no live process holds.
 *
 * <p>Thread-safe.
 */
public final class MappedSegment {

    /** Where segments live: {@code /dev/shm} on Linux, else the temporary directory. */
    public static final Path DIRECTORY = Files.isDirectory(Path.of("/dev/shm"))
            ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));

    private static final String PREFIX = "mp4j-";
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String HELD_SUFFIX = "h";
    private static final char PART_SEPARATOR = '+';
    private static final Map<String, MappedSegment> CREATED_HERE = new ConcurrentHashMap<>();

    static {
        sweepDeadOwners(0);
        installExitHook();
    }

    private final String name;
    private final MemorySegment segment;

    private MappedSegment(String name, MemorySegment segment) {
        this.name = name;
        this.segment = segment;
    }

    /** Creates a zero-filled segment for a {@link HeldSegment}, owned by this process. */
    static MappedSegment createHeld(long size) {
        return createFresh(PREFIX + ProcessHandle.current().pid() + "-" + uniqueSuffix() + HELD_SUFFIX, size, true);
    }

    /**
     * Creates a zero-filled segment that is part of the segment {@code parent} (a queue's spilled
     * message): named after it, kept by the sweeps while {@code parent} exists, and not unlinked at
     * this process's exit. Whoever consumes it unlinks it.
     */
    public static MappedSegment createPartOf(String parent, long size) {
        return createFresh(parent + PART_SEPARATOR + uniqueSuffix(), size, false);
    }

    /** {@code <creator pid>.<n>-<random>}: unique across processes and runs. */
    private static String uniqueSuffix() {
        return ProcessHandle.current().pid() + "." + COUNTER.incrementAndGet() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    }

    private static MappedSegment createFresh(String name, long size, boolean unlinkAtExit) {
        try {
            return create(name, size, unlinkAtExit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create shared memory segment " + name, e);
        }
    }

    private static MappedSegment create(String name, long size, boolean unlinkAtExit) throws IOException {
        Path path = DIRECTORY.resolve(name);
        try (FileChannel ch = open(path)) {
            ResourceTracker.ensureStarted();
            // Mapping past the end grows the file; tmpfs allocates pages only when touched.
            MappedSegment created = new MappedSegment(name, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, Arena.ofAuto()));
            if (unlinkAtExit) CREATED_HERE.put(name, created);
            return created;
        }
    }

    /**
     * Maps an existing segment, whole.
     *
     * @throws java.nio.file.NoSuchFileException if there is no segment of that name
     */
    public static MappedSegment attach(String name) throws IOException {
        return new MappedSegment(name, map(name, Arena.ofAuto()));
    }

    /**
     * Maps the whole of an existing segment into {@code arena} (for a caller that unmaps it itself,
     * by closing the arena).
     *
     * @throws java.nio.file.NoSuchFileException if there is no segment of that name
     */
    public static MemorySegment map(String name, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(DIRECTORY.resolve(name), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size(), arena);
        }
    }

    /**
     * Creates a zero-filled segment with a name of the user's choosing, owner-only, and maps it into
     * {@code arena}. This process does not unlink it at exit: its owner object decides.
     *
     * @throws FileAlreadyExistsException if the name exists
     */
    public static MemorySegment createNamed(String name, long size, Arena arena) throws IOException {
        try (FileChannel ch = open(DIRECTORY.resolve(name))) {
            ResourceTracker.ensureStarted();
            return ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
        }
    }

    private static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
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

    /**
     * Unlinks the library's segments whose owner is dead and that no live process holds; returns
     * how many of them remain (of owner {@code onlyOwner}, or of all owners if it is 0).
     */
    static int sweepDeadOwners(long onlyOwner) {
        int remaining = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIRECTORY, PREFIX + (onlyOwner > 0 ? onlyOwner + "-" : "") + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long owner = ownerPid(name);
                if (owner <= 0 || Pids.isAlive(owner)) continue;
                remaining++;
                try {
                    int part = name.indexOf(PART_SEPARATOR);
                    if (part > 0 && Files.exists(DIRECTORY.resolve(name.substring(0, part)))) continue;
                    if (name.endsWith(HELD_SUFFIX) && HeldSegment.inUse(attach(name), true)) continue;
                    if (Files.deleteIfExists(file)) remaining--;
                } catch (IOException | RuntimeException e) {
                    // best effort: a segment we cannot inspect is left alone
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: no sweep when the directory cannot be listed
        }
        return remaining;
    }

    private static void installExitHook() {
        // What this process created, and what it holds (it may be the last holder of a segment whose
        // creator is long gone): unlinked unless another live process holds it, or a handle to it is
        // still in flight; then its last holder unlinks it, or the sweep does once every holder is dead.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Set<String> names = new java.util.HashSet<>(CREATED_HERE.keySet());
            names.addAll(HeldSegment.heldHere());
            for (String name : names) {
                try {
                    MappedSegment segment = CREATED_HERE.containsKey(name) ? CREATED_HERE.get(name) : attach(name);
                    if (unheldAtExit(segment)) Files.deleteIfExists(DIRECTORY.resolve(name));
                } catch (IOException | RuntimeException e) {
                    // gone already, or the process is exiting: nothing more to do
                }
            }
        }, "mp4j-segment-cleanup"));
    }

    /**
     * True if no other live process holds {@code segment} and no handle this process sent to it is
     * in flight. The handles in flight are looked at first: a receiver takes one over by adding its
     * own hold and then removing the sender's, so a handle seen taken over here has a receiver that
     * the look at the holders, made after, sees. In the other order a handle taken over between
     * the two looks would be seen neither in flight nor held, and the segment unlinked under its
     * receiver.
     */
    static boolean unheldAtExit(MappedSegment segment) {
        return !HeldSegment.hasHandlesInFlight(segment) && !HeldSegment.inUse(segment, false);
    }

    private static long ownerPid(String fileName) {
        int start = PREFIX.length(), end = fileName.indexOf('-', start);
        if (end < 0) return -1;
        try {
            return Long.parseLong(fileName, start, end, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
