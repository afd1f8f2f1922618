package org.multiprocessing4j.spawn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.multiprocessing4j.Multiprocessing;

/**
 * JDK 25's ahead-of-time cache for child JVMs, built on first use: classes of the JDK and of the
 * class path loaded and linked in advance, lambda and method-handle plumbing resolved, so a child
 * boots and reads its bootstrap sooner.
 *
 * <p>The first child a program starts triggers, in the background, a training run (a JVM with the
 * children's options that goes through what a child does before its target: {@link AotTraining})
 * and the cache's assembly, both with their output discarded; children started once the cache
 * exists use it (a build still running when the program exits is stopped and cleaned up, so a
 * program shorter than the build, a few seconds, leaves none). The cache lives in the temporary directory, named by a digest of the JDK, the
 * children's options and the class path with each jar's size and time, so a rebuilt jar or
 * another JDK gets a cache of its own; concurrent programs build it once (a lock file). The JDK
 * accepts only jars on the class path for this: with a directory on it (a build's
 * {@code target/classes}), or with {@code -Dmultiprocessing4j.aot=false}, there is no cache. A
 * cache the JVM finds unusable is ignored quietly (its AOT log tags are off in children).
 *
 * <p>Thread-safe.
 */
final class AotCache {

    /** System property: {@code false} turns the cache off. */
    static final String PROPERTY = "multiprocessing4j.aot";
    private static final Duration STALE_LOCK = Duration.ofMinutes(10);
    private static final long BUILD_LIMIT_SECONDS = 300;
    private static final List<String> QUIET = List.of("-Xlog:aot*=off", "-Xlog:cds*=off");
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Duration UNUSED_CACHE_AGE = Duration.ofDays(30);

    private static final AtomicBoolean BUILD_STARTED = new AtomicBoolean();
    private static volatile Path cache;
    private static volatile boolean disabled;

    private AotCache() {
    }

    /**
     * The options that make a child with {@code baseOptions} (the launcher's defaults) use the
     * cache if it is ready; otherwise none, and the first call starts building it.
     */
    static List<String> options(List<String> baseOptions, String classPath) {
        if (disabled || "false".equals(System.getProperty(PROPERTY))) return List.of();
        Path file = cache;
        if (file == null) {
            List<Path> jars = jars(classPath);
            if (jars == null) {
                disabled = true;
                return List.of();
            }
            file = location(baseOptions, classPath, jars);
            cache = file;
        }
        if (Files.isRegularFile(file)) {
            List<String> options = new ArrayList<>(QUIET);
            options.add("-XX:AOTCache=" + file);
            return options;
        }
        if (BUILD_STARTED.compareAndSet(false, true)) {
            Path target = file;
            Thread builder = new Thread(() -> build(target, baseOptions, classPath), "mp4j-aot-builder");
            builder.setDaemon(true);
            builder.start();
        }
        return List.of();
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

    private static Path location(List<String> baseOptions, String classPath, List<Path> jars) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            StringBuilder identity = new StringBuilder()
                    .append(System.getProperty("java.home")).append('\n')
                    .append(System.getProperty("java.vm.version")).append('\n')
                    .append(String.join(" ", baseOptions)).append('\n')
                    .append(classPath).append('\n');
            for (Path jar : jars) {
                identity.append(Files.size(jar)).append(' ').append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
            }
            byte[] hash = digest.digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return directory().resolve(HexFormat.of().formatHex(hash, 0, 12) + ".aot");
        } catch (IOException | NoSuchAlgorithmException e) {
            disabled = true;
            return directory().resolve("unusable.aot");
        }
    }

    private static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "multiprocessing4j-aot-" + System.getProperty("user.name"));
    }

    /**
     * Trains and assembles the cache; failures leave no cache (children start without one) and
     * are logged. A build still running when this JVM exits is stopped and cleaned up (no JVM of
     * the library outlives its program), so a short program may end before its cache exists.
     */
    private static void build(Path file, List<String> baseOptions, String classPath) {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        String suffix = "." + ProcessHandle.current().pid();
        Path config = file.resolveSibling(file.getFileName() + suffix + ".conf");
        Path partial = file.resolveSibling(file.getFileName() + suffix + ".part");
        AtomicReference<java.lang.Process> step = new AtomicReference<>();
        Thread cleanup = new Thread(() -> {
            java.lang.Process running = step.get();
            if (running != null) running.destroyForcibly();
            deleteQuietly(config, partial, lock);
        }, "mp4j-aot-cleanup");
        try {
            Files.createDirectories(file.getParent());
            if (!takeLock(lock)) return;
            pruneOldCaches(file.getParent());
            Runtime.getRuntime().addShutdownHook(cleanup);
            run(step, baseOptions, List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=" + config,
                    "-cp", classPath, AotTraining.class.getName()));
            run(step, baseOptions, List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + config,
                    "-XX:AOTCache=" + partial, "-cp", classPath));
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Multiprocessing.getLogger().log(Level.FINE, "no AOT cache for child JVMs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(config, partial, lock);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException | IllegalArgumentException exitingOrNotAdded) {
                // the hook runs (or was never added)
            }
        }
    }

    /** Caches of jars and JDKs long replaced (not touched for 30 days) are removed. */
    private static void pruneOldCaches(Path directory) throws IOException {
        Instant cutoff = Instant.now().minus(UNUSED_CACHE_AGE);
        try (var files = Files.newDirectoryStream(directory, "*.aot")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) deleteQuietly(f);
            }
        }
    }

    private static void deleteQuietly(Path... files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a temporary file left in the temporary directory
            }
        }
    }

    /** Takes the lock file (holding this JVM's pid); one whose holder is gone, or that is old, is taken over. */
    private static boolean takeLock(Path lock) throws IOException {
        String self = String.valueOf(ProcessHandle.current().pid());
        try {
            Files.writeString(lock, self, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException held) {
            boolean holderAlive;
            try {
                holderAlive = ProcessHandle.of(Long.parseLong(Files.readString(lock).trim())).map(ProcessHandle::isAlive)
                        .orElse(false);
            } catch (NumberFormatException | IOException unreadable) {
                holderAlive = false;
            }
            FileTime since = Files.getLastModifiedTime(lock);
            if (holderAlive && since.toInstant().isAfter(Instant.now().minus(STALE_LOCK))) return false;
            Files.writeString(lock, self);
            return true;
        }
    }

    private static void run(AtomicReference<java.lang.Process> step, List<String> baseOptions, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(NICE)) command.addAll(List.of(NICE.toString(), "-n", "19")); // yield to the program's work
        command.add(SpawnLauncher.javaExecutable());
        command.addAll(baseOptions);
        command.addAll(args);
        java.lang.Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File(nullDevice())))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        step.set(p);
        if (!p.waitFor(BUILD_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("building the AOT cache took over " + BUILD_LIMIT_SECONDS + " s");
        }
        if (p.exitValue() != 0) throw new IOException("building the AOT cache failed: " + String.join(" ", command));
    }

    private static String nullDevice() {
        return File.separatorChar == '\\' ? "NUL" : "/dev/null";
    }
}
