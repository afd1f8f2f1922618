package org.multiprocessing4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.multiprocessing4j.shm.Pids;
import org.multiprocessing4j.spawn.Bootstrap;
import org.multiprocessing4j.spawn.Popen;
import org.multiprocessing4j.spawn.ProcessContext;
import org.multiprocessing4j.spawn.WarmLauncher;

/**
 * The module-level functions of CPython's {@code multiprocessing}: {@link #cpuCount()},
 * {@link #currentProcess()}, {@link #parentProcess()}, {@link #activeChildren()}, and logging
 * ({@link #getLogger()}, {@link #logToStderr(Level)}).
 *
 * <p><b>Logging</b> uses {@code java.util.logging}: it is in the JDK (no dependency), its
 * {@link Logger} has the shape of Python's ({@code setLevel}, {@code warning}, {@code info},
 * handlers), {@code System.Logger} routes to it by default, and SLF4J users bridge it with
 * {@code jul-to-slf4j}. A child inherits the logger's level and the stderr handler.
 *
 * <p>Thread-safe.
 */
public final class Multiprocessing {

    private static final Set<Process> CHILDREN = ConcurrentHashMap.newKeySet();

    private Multiprocessing() {
    }

    /** The number of processors available to this JVM. */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The process running this code: {@code MainProcess} in the JVM the user started, or the
     * {@link Process} object (a copy of the parent's) in a child.
     */
    public static Process currentProcess() {
        Process child = ProcessContext.childProcess();
        return child != null ? child : Main.PROCESS;
    }

    /**
     * The parent of this process, empty in the main process. In a child, a view with the parent's
     * name and pid on which {@code isAlive()} and {@code join(timeout)} work.
     */
    public static Optional<Process> parentProcess() {
        return ProcessContext.bootstrap() == null ? Optional.empty() : Optional.of(Parent.PROCESS);
    }

    /** The children this process started that are still running (finished ones are forgotten). */
    public static List<Process> activeChildren() {
        List<Process> alive = new ArrayList<>();
        for (Process p : CHILDREN) {
            if (p.exitCode().isEmpty()) alive.add(p);
            else CHILDREN.remove(p);
        }
        return alive;
    }

    /**
     * Sets how later {@link Process#start()} calls get their JVM (every process and pool worker
     * of this JVM); setting it back to {@link StartMethod#SPAWN} ends the idle warm JVMs.
     */
    public static void setStartMethod(StartMethod method) {
        ProcessContext.setStartMethod(Objects.requireNonNull(method, "method"));
    }

    /** How {@link Process#start()} gets its JVM now; {@link StartMethod#SPAWN} unless set. */
    public static StartMethod getStartMethod() {
        return ProcessContext.startMethod();
    }

    /**
     * Boots {@code count} JVMs ahead (in the background) for processes started with default JVM
     * options under {@link StartMethod#WARM}; at most 8 JVMs wait idle in all, so a larger count
     * boots some for nothing. Pool workers run with options of their own: they warm up from the
     * pool's first starts, not from this.
     *
     * @throws IllegalStateException    if the start method is not {@link StartMethod#WARM}
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static void prestart(int count) {
        if (count < 0) throw new IllegalArgumentException("count must be >= 0: " + count);
        if (getStartMethod() != StartMethod.WARM) {
            throw new IllegalStateException("prestart needs the WARM start method; it is " + getStartMethod());
        }
        WarmLauncher.INSTANCE.prestart(List.of(), count);
    }

    /** The library's logger ({@code org.multiprocessing4j}); by default it has no handler of its own. */
    public static Logger getLogger() {
        return ProcessLog.LOGGER;
    }

    /**
     * Makes the library's logger print to stderr as {@code [LEVEL/process name] message}, in this
     * process and in the children it starts afterwards, and returns it.
     *
     * @param level the level to set, or null to keep the current one
     */
    public static Logger logToStderr(Level level) {
        return ProcessLog.toStderr(level);
    }

    /** {@link #logToStderr(Level)} keeping the current level. */
    public static Logger logToStderr() {
        return ProcessLog.toStderr(null);
    }

    static void started(Process p) {
        CHILDREN.add(p);
    }

    static void joined(Process p) {
        CHILDREN.remove(p);
    }

    /** The main process, created on first use. */
    private static final class Main {
        static final Process PROCESS = new Process(null, "MainProcess");
    }

    /** The parent as seen from a child, created on first use. */
    private static final class Parent {
        static final Process PROCESS = parentView();

        private static Process parentView() {
            Bootstrap b = ProcessContext.bootstrap();
            return new Process(new ObservedPopen(b.parentPid()), b.parentName());
        }
    }

    /** A process this one did not start: it can be watched, not controlled. */
    private record ObservedPopen(long pid) implements Popen {
        @Override
        public OptionalInt exitCode() {
            // The exit code of a process we did not start is not ours to know: 0 stands for "ended".
            boolean alive = Pids.isAlive(pid);
            return alive ? OptionalInt.empty() : OptionalInt.of(0);
        }

        @Override
        public boolean await(long nanos) throws InterruptedException {
            CompletableFuture<ProcessHandle> end = ProcessHandle.of(pid).map(ProcessHandle::onExit).orElse(null);
            if (end == null) return true;
            try {
                end.get(nanos, TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return !Pids.isAlive(pid);
            }
        }

        @Override
        public void terminate() {
            throw new IllegalStateException("can only terminate a child process");
        }

        @Override
        public void kill() {
            throw new IllegalStateException("can only kill a child process");
        }
    }
}
