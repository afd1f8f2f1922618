package org.multiprocessing4j.spawn;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The child JVMs this JVM started and has not yet seen end, and what happens to them when this
 * JVM exits.
 *
 * <ul>
 *   <li>Each child has a reaper thread that waits for its end and then closes its lifeline. The
 *       reaper of a <em>non-daemonic</em> child is a non-daemon thread, so when {@code main}
 *       returns the JVM waits for those children, as CPython does.</li>
 *   <li>At exit ({@code main} returned and only daemonic children are left, or
 *       {@code System.exit}, or SIGTERM/SIGINT), every child still running is sent SIGTERM and,
 *       if still alive {@value #GRACE_MILLIS} ms later, SIGKILL.</li>
 *   <li>If this JVM dies without running its hooks ({@code kill -9}, a crash), the kernel closes
 *       the lifelines and every child exits on its own (see {@link ChildMain}).</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class Children {

    private static final long GRACE_MILLIS = 1_000;
    private static final Set<java.lang.Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Children::stopAll, "mp4j-children-exit"));
    }

    private Children() {
    }

    static void watch(Popen popen, java.lang.Process process, OutputStream lifeline, String name, boolean daemon) {
        RUNNING.add(process);
        Thread reaper = new Thread(() -> {
            while (true) {
                try {
                    process.waitFor();
                    break;
                } catch (InterruptedException e) {
                    // a reaper has nothing else to do: keep waiting
                }
            }
            RUNNING.remove(process);
            try {
                lifeline.close();
            } catch (IOException e) {
                // the child is gone; its end of the pipe too
            }
        }, "mp4j-reaper-" + name + "-" + popen.pid());
        reaper.setDaemon(daemon);
        reaper.start();
    }

    private static void stopAll() {
        if (RUNNING.isEmpty()) return;
        for (java.lang.Process p : RUNNING) p.destroy();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        for (java.lang.Process p : RUNNING) {
            try {
                if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
    }
}
