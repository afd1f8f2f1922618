package org.multiprocessing4j.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process is alive, by pid. */
public final class Pids {

    private static final Path PROC = Path.of("/proc");
    private static final boolean HAS_PROC = Files.isDirectory(PROC.resolve("self"));

    private Pids() {
    }

    /**
     * True if process {@code pid} exists and has not exited. A process that exited but was not yet
     * reaped (a zombie: an orphan waits for PID 1 to reap it, which can take long) is dead here,
     * though {@link ProcessHandle#isAlive()} still says alive.
     */
    public static boolean isAlive(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
        if (!HAS_PROC) return true;
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException e) {
            return false;                         // gone between the two looks
        }
    }
}
