package org.multiprocessing4j;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.shm.Deadline;
import org.multiprocessing4j.shm.Transfers;
import org.multiprocessing4j.spawn.Bootstrap;
import org.multiprocessing4j.spawn.Launcher;
import org.multiprocessing4j.spawn.Popen;
import org.multiprocessing4j.spawn.ProcessContext;

/**
 * An activity run in a separate JVM: CPython's {@code multiprocessing.Process}. Give it a target,
 * or subclass it and override {@link #run()}; then {@link #start()} and {@link #join()}.
 *
 * <pre>{@code
 * var p = new Process(() -> System.out.println("Worker process executing"));
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p><b>What travels.</b> {@code start()} serializes this object, target and captured variables
 * included (a subclass with its fields), and the child runs the copy: changes the child makes to
 * its copy are not seen by the parent; share state through {@link Pipe} and the other IPC types.
 * Anything not serializable fails {@code start()} in the parent with a
 * {@link SerializationException} naming the class.
 *
 * <p><b>Lifecycle.</b> {@link #exitCode()} is empty until the child ends; then 0 for a normal
 * end, 1 after an uncaught exception (its stack trace is printed on the child's stderr), n after
 * {@code System.exit(n)}, -15 after {@link #terminate()} and -9 after {@link #kill()}. (The JDK
 * reports a death by signal N as exit code 128 + N; it is shown as -N when this process sent the
 * signal. A child killed by someone else shows 128 + N, as does a child that called
 * {@code System.exit(128 + N)}.)
 *
 * <p><b>Daemons and exit.</b> When {@code main} returns, the JVM waits for its non-daemonic
 * children (as it waits for non-daemon threads) and then terminates the daemonic ones; CPython
 * terminates the daemonic ones first, then joins the others. {@code System.exit} or a signal
 * terminates all of them. However this JVM dies ({@code kill -9} included), its children exit
 * within a second: no orphan JVM outlives its parent. {@link #setDaemon} defaults to the creator's
 * own flag; unlike CPython, a daemonic process may start children (they cannot be orphaned).
 *
 * <p><b>Misuse</b> throws {@link IllegalStateException}: starting twice, joining or terminating a
 * process that was not started, starting a process created by another process, changing the
 * daemon flag after start, any use but {@code exitCode()}, {@code name()} and {@code close()}
 * after {@link #close()}, closing a running process.
 *
 * <p><b>Threads.</b> A process object may be used from several threads; {@code start()} and
 * {@code close()} are atomic.
 */
public class Process implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger CREATED = new AtomicInteger();

    private final SerializableRunnable target;
    private final int[] identity;
    private final long creatorPid;
    private volatile String name;
    private volatile boolean daemon;
    private volatile List<String> jvmOptions = List.of();
    private transient volatile Popen popen;
    private transient volatile boolean closed;

    /**
     * A process that will run {@code target}, named {@code Process-N} (N counts the processes
     * created by this one; in a child, the names nest: {@code Process-1:1}).
     */
    public Process(SerializableRunnable target) {
        this(null, Objects.requireNonNull(target, "target"));
    }

    /** A process named {@code name} that will run {@code target}. */
    public Process(String name, SerializableRunnable target) {
        this.target = target;
        this.identity = nextIdentity();
        this.creatorPid = ProcessHandle.current().pid();
        this.name = name != null ? name : defaultName(identity);
        this.daemon = Multiprocessing.currentProcess().isDaemon();
    }

    /** For subclasses that override {@link #run()}; named {@code Process-N}. */
    protected Process() {
        this(null, (SerializableRunnable) null);
    }

    /** For subclasses that override {@link #run()}. */
    protected Process(String name) {
        this(Objects.requireNonNull(name, "name"), (SerializableRunnable) null);
    }

    /** The view of a process that this one did not start: itself, or its parent. */
    Process(Popen view, String name) {
        this.target = null;
        this.identity = new int[0];
        this.creatorPid = -1;
        this.name = name;
        this.popen = view;
    }

    private static int[] nextIdentity() {
        int[] parent = Multiprocessing.currentProcess().identity;
        int[] identity = Arrays.copyOf(parent, parent.length + 1);
        identity[parent.length] = CREATED.incrementAndGet();
        return identity;
    }

    private static String defaultName(int[] identity) {
        return "Process-" + Arrays.stream(identity).mapToObj(Integer::toString).collect(Collectors.joining(":"));
    }

    /**
     * The activity of the process, run in the child. By default, runs the target given to the
     * constructor; a subclass may override it instead.
     */
    public void run() throws Exception {
        if (target != null) target.run();
    }

    /**
     * Starts the process: serializes this object, boots a child JVM and hands it over. Returns
     * once the child has its bootstrap, without waiting for {@code run()} to begin.
     *
     * @throws SerializationException if this object (its target, a captured variable, a field of
     *                                a subclass) is not serializable; nothing was started
     * @throws IllegalStateException  if already started or closed, or created by another process
     * @throws ProcessException       if the child JVM could not be launched
     */
    public final synchronized void start() {
        ensureNotClosed();
        if (popen != null) throw new IllegalStateException("cannot start a process twice: " + this);
        if (creatorPid != ProcessHandle.current().pid()) {
            throw new IllegalStateException("can only start a process object created by the current process");
        }
        Process self = Multiprocessing.currentProcess();
        Bootstrap bootstrap = new Bootstrap(this, ProcessHandle.current().pid(), self.name(),
                ProcessContext.authkey(), Multiprocessing.getLogger().getLevel(), ProcessLog.logsToStderr());
        // Shared objects captured by the target are held for the child from the moment it exists.
        Transfers.Recorded<byte[]> payload = Transfers.record(() -> Serializer.standard().serialize(bootstrap));
        try {
            popen = launcher().launch(name, daemon, jvmOptions, payload.value(), payload::moveTo);
        } catch (IOException | RuntimeException e) {
            payload.cancel();
            throw new ProcessException("cannot start " + name + ": " + e.getMessage(), e);
        }
        Multiprocessing.started(this);
    }

    private static Launcher launcher() {
        return ProcessContext.launcher();
    }

    /**
     * Waits until the process ends.
     *
     * @throws IllegalStateException if it was not started, or is the current process
     */
    public final void join() throws InterruptedException {
        while (!join(Duration.ofDays(1))) {
            // wait on
        }
    }

    /**
     * Waits up to {@code timeout} (zero or negative: not at all) until the process ends.
     *
     * @return true if it has ended
     */
    public final boolean join(Duration timeout) throws InterruptedException {
        if (this == Multiprocessing.currentProcess()) throw new IllegalStateException("a process cannot join itself");
        Popen p = startedPopen("join");
        boolean ended = p.await(Deadline.nanos(timeout));
        if (ended) Multiprocessing.joined(this);
        return ended;
    }

    /** True from a successful {@code start()} until the process ends. */
    public final boolean isAlive() {
        ensureNotClosed();
        if (this == Multiprocessing.currentProcess()) return true;
        Popen p = popen;
        return p != null && p.exitCode().isEmpty();
    }

    /** Sends SIGTERM; the exit code becomes -15. No effect once the process has ended. */
    public final void terminate() {
        startedPopen("terminate").terminate();
    }

    /** Sends SIGKILL; the exit code becomes -9. No effect once the process has ended. */
    public final void kill() {
        startedPopen("kill").kill();
    }

    /**
     * Releases what this object holds for the process. The process must have ended; afterwards
     * only {@link #exitCode()}, {@link #name()} and {@code close()} may be called. Idempotent.
     *
     * @throws IllegalStateException if the process is still running
     */
    public final synchronized void close() {
        if (closed) return;
        Popen p = popen;
        if (p != null && this != Multiprocessing.currentProcess() && p.exitCode().isEmpty()) {
            throw new IllegalStateException("cannot close a process while it is still running: " + this);
        }
        closed = true;
        Multiprocessing.joined(this);
    }

    /** The exit code: empty before start and while running; see the class comment. */
    public final OptionalInt exitCode() {
        Popen p = popen;
        return p == null || this == Multiprocessing.currentProcess() ? OptionalInt.empty() : p.exitCode();
    }

    /**
     * The OS process id.
     *
     * @throws IllegalStateException if not started
     */
    public final long pid() {
        if (this == Multiprocessing.currentProcess()) return ProcessHandle.current().pid();
        return startedPopen("get the pid of").pid();
    }

    /** The name: {@code Process-N} unless given; {@code MainProcess} for the main JVM. */
    public final String name() {
        return name;
    }

    /** Renames the process (the child sees the name it had at {@code start()}). */
    public final void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Whether the process is daemonic; see the class comment. */
    public final boolean isDaemon() {
        return daemon;
    }

    /**
     * Makes the process daemonic or not; only before {@code start()}.
     *
     * @throws IllegalStateException if already started
     */
    public final synchronized void setDaemon(boolean daemon) {
        if (popen != null) throw new IllegalStateException("cannot change the daemon flag of a started process");
        this.daemon = daemon;
    }

    /**
     * Options for the child JVM, such as {@code -Xmx512m} or {@code -Dkey=value}, added after the
     * library's defaults (so they win); only before {@code start()}.
     */
    public final synchronized void setJvmOptions(List<String> options) {
        if (popen != null) throw new IllegalStateException("cannot change the JVM options of a started process");
        this.jvmOptions = List.copyOf(options);
    }

    /** The options set with {@link #setJvmOptions}. */
    public final List<String> jvmOptions() {
        return jvmOptions;
    }

    /** The authentication key: the parent's, inherited; 32 random bytes in the main process. */
    public final byte[] authkey() {
        return ProcessContext.authkey();
    }

    @Override
    public String toString() {
        String state;
        Popen p = popen;
        if (closed) state = "closed";
        else if (this == Multiprocessing.currentProcess()) state = "started";
        else if (p == null) state = "initial";
        else state = p.exitCode().isEmpty() ? "started" : "stopped exitcode=" + p.exitCode().getAsInt();
        return "<" + getClass().getSimpleName() + " name='" + name + "'" + (p != null ? " pid=" + p.pid() : "")
                + " " + state + (daemon ? " daemon" : "") + ">";
    }

    /** Throws unless started (by this process) and not closed. */
    final void ensureStarted(String action) {
        startedPopen(action);
    }

    private Popen startedPopen(String action) {
        ensureNotClosed();
        Popen p = popen;
        if (p == null) throw new IllegalStateException("can only " + action + " a started process: " + this);
        return p;
    }

    private void ensureNotClosed() {
        if (closed) throw new IllegalStateException("process object is closed");
    }
}
