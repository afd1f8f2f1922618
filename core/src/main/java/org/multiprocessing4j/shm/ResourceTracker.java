package org.multiprocessing4j.shm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Unlinks what a process leaves in shared memory when it is gone, however it died ({@code kill -9}
 * included): CPython's {@code resource_tracker}, made cheap.
 *
 * <p>The first segment a process creates starts its tracker: a {@code /bin/sh} that reads, from a
 * pipe whose writing end only this process holds, the names of the user's tracked
 * {@code SharedMemory} segments ({@code +name}, and {@code -name} once unlinked). When the process
 * exits, whatever the way, the kernel closes the pipe; the shell then starts
 * {@link #main a short-lived JVM} that waits (up to {@value #SETTLE_SECONDS} s) until no live process
 * holds the library's segments owned by the dead process ({@code mp4j-<pid>-...}), unlinks them, and
 * unlinks the registered user segments. While the process runs, its tracker costs one idle shell.
 *
 * <p>Segments made with {@code SharedMemory.create(name, size, false)} are not tracked: they outlive
 * their creator, for memory that other programs keep using (CPython's tracker famously unlinks it).
 * Without {@code /bin/sh} (not Linux or macOS) there is no tracker; the sweep of dead owners'
 * segments at the next start of any library process still cleans the library's own segments.
 *
 * <p>Thread-safe.
 */
public final class ResourceTracker {

    private static final long SETTLE_SECONDS = 10;
    // Ignores the terminal's signals (a Ctrl-C reaches the whole process group); `cat` inherits that.
    private static final String SCRIPT =
            "trap '' INT HUP QUIT TERM\n"
            + "list=$(mktemp 2>/dev/null) || exit 0\n"
            + "cat > \"$list\"\n"
            + "exec \"$1\" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp \"$2\" "
            + ResourceTracker.class.getName() + " \"$3\" \"$list\"\n";

    private static OutputStream channel;
    private static boolean started;

    private ResourceTracker() {
    }

    /** Starts this process's tracker, once; does nothing where it cannot run. */
    static synchronized void ensureStarted() {
        if (started) return;
        started = true;
        Path sh = Path.of("/bin/sh");
        String classPath = System.getProperty("java.class.path", "");
        if (!Files.isExecutable(sh) || classPath.isEmpty()) return;
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            java.lang.Process tracker = new ProcessBuilder(List.of(sh.toString(), "-c", SCRIPT, "mp4j-tracker",
                    java, classPath, Long.toString(ProcessHandle.current().pid())))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            channel = tracker.getOutputStream();
        } catch (IOException e) {
            channel = null;                       // no tracker: the sweep at later starts remains
        }
    }

    /** Tracks a user segment: it is unlinked when this process is gone, unless unregistered first. */
    public static void register(String name) {
        send("+" + name);
    }

    /** Stops tracking a user segment (it was unlinked, or it must outlive this process). */
    public static void unregister(String name) {
        send("-" + name);
    }

    private static synchronized void send(String line) {
        ensureStarted();
        if (channel == null) return;
        try {
            channel.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            channel.flush();
        } catch (IOException e) {
            channel = null;                       // the tracker is gone: nothing more to tell it
        }
    }

    /**
     * The cleanup, run once the tracked process is gone.
     *
     * @param args the dead process's pid, and the file listing its registrations (deleted here)
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        long owner = Long.parseLong(args[0]);
        Path list = Path.of(args[1]);
        Set<String> userSegments = new LinkedHashSet<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            if (line.startsWith("+")) userSegments.add(line.substring(1));
            else if (line.startsWith("-")) userSegments.remove(line.substring(1));
        }
        Files.deleteIfExists(list);
        long deadline = System.nanoTime() + SETTLE_SECONDS * 1_000_000_000L;
        while (Pids.isAlive(owner) && System.nanoTime() < deadline) {
            Thread.sleep(50);                     // the pipe closed first (its reader was killed): wait for the owner
        }
        if (Pids.isAlive(owner)) return;          // still running: its own exit will clean up
        for (String name : userSegments) Files.deleteIfExists(MappedSegment.DIRECTORY.resolve(name));
        // Children of the dead process may still hold its segments for up to a second.
        while (MappedSegment.sweepDeadOwners(owner) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }
}
