package org.multiprocessing4j.spawn;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The {@code spawn} start method: a fresh JVM, the same {@code java} executable and class path as
 * this one, main class {@link ChildMain}. Its stdout and stderr are this JVM's (so a child's
 * {@code println} appears in the parent's console); its stdin is the <em>lifeline</em>: the
 * parent writes the bootstrap there and keeps it open, and the child exits when it reads
 * end-of-file, that is when the parent is gone, however it died.
 *
 * <p>Default child options (a user's options come after, so they win): native access for the
 * futex, the serial collector (fastest boot, smallest footprint), no perf-data file, no wait at
 * exit for threads in native code; and, once it exists, JDK 25's AOT cache for this class path
 * ({@link AotCache}: jars only, built in the background after the first start).
 *
 * <p>Stateless and thread-safe.
 */
public final class SpawnLauncher implements Launcher {

    /** The one instance. */
    public static final SpawnLauncher INSTANCE = new SpawnLauncher();

    static final int MAGIC = 0x4D50_344A;   // "MP4J"
    private static final List<String> DEFAULT_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "-XX:+UseSerialGC", "-XX:-UsePerfData",
            // The lifeline watcher sits in a native read; without this, every exit waits 300 ms for it.
            "-XX:UserThreadWaitAttemptsAtExit=0");

    private SpawnLauncher() {
    }

    @Override
    public Popen launch(String name, boolean daemon, List<String> jvmOptions, byte[] bootstrap, LongConsumer started)
            throws IOException {
        return handOver(boot(jvmOptions, false), name, daemon, bootstrap, started);
    }

    /**
     * Boots a child JVM that waits for its bootstrap on stdin.
     *
     * @param warm true for a JVM booted ahead of need ({@link WarmLauncher}): it loads the
     *             library's classes while it waits, and exits quietly if never given a bootstrap
     */
    static java.lang.Process boot(List<String> jvmOptions, boolean warm) throws IOException {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isEmpty()) {
            throw new IOException("cannot start a child JVM: this JVM has no class path (java.class.path is empty)");
        }
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(DEFAULT_OPTIONS);
        command.addAll(AotCache.options(DEFAULT_OPTIONS, jvmOptions, classPath));
        if (warm) command.add("-D" + ChildMain.WARM_PROPERTY + "=true");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(ChildMain.class.getName());
        return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Writes {@code bootstrap} to a booted child's lifeline and watches the child from then on. */
    static Popen handOver(java.lang.Process process, String name, boolean daemon, byte[] bootstrap,
                          LongConsumer started) throws IOException {
        OutputStream lifeline = process.getOutputStream();
        try {
            started.accept(process.pid());
            DataOutputStream out = new DataOutputStream(lifeline);
            out.writeInt(MAGIC);
            out.writeInt(bootstrap.length);
            out.write(bootstrap);
            out.flush();
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IOException("the child JVM exited before reading its bootstrap", e);
        }
        SpawnPopen popen = new SpawnPopen(process);
        Children.watch(popen, process, lifeline, name, daemon);
        return popen;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A child JVM started by this launcher. */
    private static final class SpawnPopen implements Popen {
        private static final int SIGKILL = 9, SIGTERM = 15;
        private final java.lang.Process process;
        private volatile boolean terminated;
        private volatile boolean killed;

        SpawnPopen(java.lang.Process process) {
            this.process = process;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public OptionalInt exitCode() {
            if (process.isAlive()) return OptionalInt.empty();
            int code = process.exitValue();
            // The JDK reports death by signal N as 128 + N; say -N, as CPython does, when we sent it.
            if (killed && code == 128 + SIGKILL) return OptionalInt.of(-SIGKILL);
            if (terminated && code == 128 + SIGTERM) return OptionalInt.of(-SIGTERM);
            return OptionalInt.of(code);
        }

        @Override
        public boolean await(long nanos) throws InterruptedException {
            return process.waitFor(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }

        @Override
        public void terminate() {
            if (!process.isAlive()) return;
            terminated = true;
            process.destroy();
        }

        @Override
        public void kill() {
            if (!process.isAlive()) return;
            killed = true;
            process.destroyForcibly();
        }
    }
}
