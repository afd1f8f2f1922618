package org.multiprocessing4j.spawn;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.multiprocessing4j.Multiprocessing;

/**
 * JDK 25's ahead-of-time cache for child JVMs, built on first use: classes of the JDK and of the
 * class path loaded and linked in advance, lambda and method-handle plumbing resolved, so a child
 * boots and reads its bootstrap sooner.
 *
 * <p>The first child a program starts triggers, in the background, a training run (a JVM with the
 * children's options that deserializes and runs a sample process's bootstrap: {@link AotTraining})
 * and the cache's assembly, both niced, with their output discarded, and on a lifeline (a shell
 * that kills the step when the program's pipe to it closes, {@code kill -9} included); a
 * program that exits first stops the build and cleans up, so a program shorter than the build (a
 * few seconds) leaves none. The cache is used once it exists and its SHA-256, written beside it,
 * matches (checked once per program, in the background: the JVM does not check a cache's content,
 * and a damaged one would crash children).
 *
 * <p>Where: a directory of the temporary directory owned by the user and closed to others
 * (refused otherwise), one cache per JDK, the launcher's default child options and class path with
 * each jar's size and time (a child's own options share it); a build keeps the user's four newest
 * caches; concurrent programs build it once (an OS file lock). Not used: when the class path
 * holds a directory (a build's {@code target/classes}: the JDK accepts only jars), when a child's
 * own options manage class-data sharing or AOT ({@code -Xshare:*}, {@code SharedArchiveFile},
 * {@code AOT*}, class lists: the JDK refuses the combination), or with
 * {@code -Dmultiprocessing4j.aot=false}. Children run with the AOT and CDS log tags off, so a cache
 * the JVM finds unusable is ignored quietly.
 *
 * <p>Thread-safe: the state is guarded by the class.
 */
final class AotCache {

    /** System property: {@code false} turns the cache off. */
    static final String PROPERTY = "multiprocessing4j.aot";
    private static final long BUILD_LIMIT_SECONDS = 300;
    private static final List<String> QUIET = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");
    private static final List<String> CONFLICTING = List.of("-Xshare", "SharedArchiveFile", "AOTCache", "AOTMode",
            "AOTConfiguration", "ArchiveClassesAtExit", "DumpLoadedClassList", "SharedClassListFile");
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path SHELL = Path.of("/bin/sh");
    /** Runs its arguments with stdin from /dev/null; kills them at end-of-file on its own stdin; exits with their status. */
    private static final String LIFELINE = "exec 3<&0\n" // a background job's stdin would be /dev/null
            + "\"$@\" </dev/null & step=$!\n"
            + "{ while read -r _; do :; done; kill -9 $step 2>/dev/null; } <&3 &\n"
            + "wait $step";
    private static final int KEPT_CACHES = 4;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private enum State { NEW, BUILDING, VERIFYING, READY, OFF }

    private static State state = State.NEW;
    private static Path cache;
    /** Set by the exit hook: the builder starts no step after it. */
    private static boolean closing;
    private static java.lang.Process step;

    private AotCache() {
    }

    /**
     * The options that make a child with the launcher's {@code baseOptions} and its own
     * {@code userOptions} use the cache if it is ready; otherwise none (and the first call starts
     * building or checking it).
     */
    static synchronized List<String> options(List<String> baseOptions, List<String> userOptions, String classPath) {
        if (state == State.OFF || "false".equals(System.getProperty(PROPERTY)) || conflicts(userOptions)) return List.of();
        if (state == State.NEW) {
            List<Path> jars = jars(classPath);
            Path directory = jars == null || !Files.isExecutable(SHELL) ? null : privateDirectory();
            if (directory == null) {
                state = State.OFF;
                return List.of();
            }
            cache = location(directory, baseOptions, classPath, jars);
            state = State.BUILDING;
            Path file = cache;
            background("mp4j-aot-builder", () -> prepare(file, baseOptions, classPath));
        }
        if (state != State.READY) return List.of();
        List<String> options = new ArrayList<>(QUIET);
        options.add("-XX:AOTCache=" + cache);
        return options;
    }

    private static boolean conflicts(List<String> userOptions) {
        for (String option : userOptions) {
            for (String c : CONFLICTING) {
                if (option.contains(c)) return true;
            }
        }
        return false;
    }

    private static void background(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    /** The class path's entries if they are all jar files, else null (the JDK refuses directories). */
    private static List<Path> jars(String classPath) {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) return null;
            jars.add(p);
        }
        return jars.isEmpty() ? null : jars;
    }

    /** The user's cache directory, made owner-only; null if it is someone else's or open to others. */
    private static Path privateDirectory() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "multiprocessing4j-aot-" + System.getProperty("user.name"));
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            PosixFileAttributes attributes = Files.getFileAttributeView(dir, PosixFileAttributeView.class).readAttributes();
            boolean mine = attributes.owner().getName().equals(System.getProperty("user.name"));
            boolean closed = attributes.permissions().stream().noneMatch(p -> p.name().startsWith("GROUP_")
                    || p.name().startsWith("OTHERS_"));
            return mine && closed && !Files.isSymbolicLink(dir) ? dir : null;
        } catch (IOException | UnsupportedOperationException | NullPointerException e) {
            return null;
        }
    }

    private static Path location(Path directory, List<String> baseOptions, String classPath, List<Path> jars) {
        StringBuilder identity = new StringBuilder()
                .append(System.getProperty("java.home")).append('\n')
                .append(System.getProperty("java.vm.version")).append('\n')
                .append(String.join(" ", baseOptions)).append('\n')
                .append(classPath).append('\n');
        try {
            for (Path jar : jars) {
                identity.append(Files.size(jar)).append(' ').append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
            }
        } catch (IOException e) {
            identity.append(e); // a jar that vanished: a name no cache has
        }
        byte[] hash = sha256().digest(identity.toString().getBytes(StandardCharsets.UTF_8));
        return directory.resolve(HexFormat.of().formatHex(hash, 0, 12) + ".aot");
    }

    /** Builds the cache if it is missing, then checks it; the cache is used only once checked. */
    private static void prepare(Path file, List<String> baseOptions, String classPath) {
        try {
            if (!Files.isRegularFile(file)) build(file, baseOptions, classPath);
            if (Files.isRegularFile(file) && checksum(file).equals(Files.readString(checksumFile(file)).trim())) {
                setState(State.READY);
                return;
            }
        } catch (IOException | RuntimeException e) {
            Multiprocessing.getLogger().log(Level.FINE, "no AOT cache for child JVMs", e);
        }
        setState(State.OFF);
    }

    private static synchronized void setState(State newState) {
        state = newState;
    }

    /**
     * Trains and assembles the cache, under an OS lock on a lock file (released by the OS if this
     * JVM dies); if another program holds it, waits for that build instead.
     */
    private static void build(Path file, List<String> baseOptions, String classPath) throws IOException {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            if (Files.isRegularFile(file)) return; // built by the program that held the lock
            pruneLeftovers(file.getParent());
            String suffix = "." + ProcessHandle.current().pid();
            Path config = file.resolveSibling(file.getFileName() + suffix + ".conf");
            Path partial = file.resolveSibling(file.getFileName() + suffix + ".part");
            Thread cleanup = new Thread(() -> stopBuild(config, partial), "mp4j-aot-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                run(baseOptions, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config,
                        "-cp", classPath, AotTraining.class.getName()));
                run(baseOptions, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + config,
                        "-XX:AOTCache=" + partial, "-cp", classPath));
                Path sum = file.resolveSibling(file.getFileName() + suffix + ".sum");
                Files.writeString(sum, checksum(partial));
                move(sum, checksumFile(file));
                move(partial, file);
            } finally {
                deleteQuietly(config, partial);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException exiting) {
                    // the hook runs
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the AOT cache", e);
        }
    }

    private static void stopBuild(Path config, Path partial) {
        synchronized (AotCache.class) {
            closing = true;
            if (step != null) step.destroyForcibly();
        }
        deleteQuietly(config, partial);
    }

    private static Path checksumFile(Path cacheFile) {
        return cacheFile.resolveSibling(cacheFile.getFileName() + ".sha256");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String checksum(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Removes what killed builds left (files named after a pid that is gone), and all but the
     * {@value #KEPT_CACHES} newest caches (each rebuilt jar or new JDK makes another; a child
     * started with one removed meanwhile boots without it, quietly).
     */
    private static void pruneLeftovers(Path directory) throws IOException {
        List<Path> caches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String[] parts = name.split("\\.");
                boolean leftover = parts.length == 4 && !parts[2].isEmpty() && parts[2].chars().allMatch(Character::isDigit)
                        && ProcessHandle.of(Long.parseLong(parts[2])).map(h -> !h.isAlive()).orElse(true);
                if (leftover) deleteQuietly(f);
                else if (name.endsWith(".aot")) caches.add(f);
            }
        }
        caches.sort(Comparator.comparing(AotCache::modified).reversed());
        for (Path stale : caches.subList(Math.min(KEPT_CACHES, caches.size()), caches.size())) {
            deleteQuietly(stale, checksumFile(stale), stale.resolveSibling(stale.getFileName() + ".lock"));
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    private static void deleteQuietly(Path... files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a temporary file left in the temporary directory, pruned by a later build
            }
        }
    }

    /**
     * Runs one build step: niced (it yields to the program's work), output discarded, under a
     * small shell that kills it when its stdin, a pipe from this JVM, reaches end-of-file — when
     * this JVM dies, {@code kill -9} included (the same lifeline as children's).
     */
    private static void run(List<String> baseOptions, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SHELL.toString(), "-c", LIFELINE, "sh"));
        if (Files.isExecutable(NICE)) command.addAll(List.of(NICE.toString(), "-n", "19"));
        command.add(SpawnLauncher.javaExecutable());
        command.addAll(baseOptions);
        command.addAll(args);
        java.lang.Process p;
        synchronized (AotCache.class) {
            if (closing) throw new IOException("the program is exiting");
            p = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            step = p;
        }
        try {
            if (!p.waitFor(BUILD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("building the AOT cache took over " + BUILD_LIMIT_SECONDS + " s");
            }
        } finally {
            p.getOutputStream().close(); // ends the shell's watcher
        }
        if (p.exitValue() != 0) throw new IOException("building the AOT cache failed: " + String.join(" ", command));
    }
}
