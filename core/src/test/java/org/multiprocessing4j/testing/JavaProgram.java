package org.multiprocessing4j.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a class's {@code main} in a JVM of its own, as a user runs a program ({@code java
 * [options] -cp <test class path> <main class>}), and captures its stdout and stderr: for tests of
 * what only a whole program shows (its output, its exit, its children after it dies).
 *
 * <p>No JVM outlives a {@code JavaProgram}: {@link #close()} kills the program and every process
 * below it. A program counts as finished only when it has exited <em>and</em> its stdout and
 * stderr reached end-of-file, that is when no child JVM it started still holds them.
 */
public final class JavaProgram implements AutoCloseable {

    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private final String name;
    private final java.lang.Process process;
    private final Drain stdout;
    private final Drain stderr;

    private JavaProgram(String name, java.lang.Process process) throws IOException {
        this.name = name;
        this.process = process;
        process.getOutputStream().close();        // no console input
        this.stdout = new Drain(process.getInputStream());
        this.stderr = new Drain(process.getErrorStream());
    }

    /** Starts {@code mainClass} with native access enabled, as the README tells users to. */
    public static JavaProgram start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(NATIVE_ACCESS), mainClass, args);
    }

    /** Starts {@code mainClass} with exactly these JVM options. */
    public static JavaProgram start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new JavaProgram(mainClass.getSimpleName(), new ProcessBuilder(command).start());
    }

    /** Runs {@code mainClass} to its end, at most {@code timeout}, and returns what it did. */
    public static Result run(Duration timeout, Class<?> mainClass, String... args) throws Exception {
        try (JavaProgram program = start(mainClass, args)) {
            return program.await(timeout);
        }
    }

    /** The program's OS process. */
    public java.lang.Process process() {
        return process;
    }

    /**
     * Waits for the end, at most {@code timeout}.
     *
     * @throws AssertionError if it (or a child JVM holding its output) runs longer, with the output so far
     */
    public Result await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean ended = process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)
                && stdout.await(deadline) && stderr.await(deadline);
        if (!ended) {
            fail(name + " did not end within " + timeout
                    + (process.isAlive() ? "" : " (it exited, but a child still holds its output)")
                    + "\n--- stdout so far ---\n" + stdout.soFar() + "--- stderr so far ---\n" + stderr.soFar());
        }
        return new Result(process.exitValue(), stdout.soFar(), stderr.soFar());
    }

    /**
     * Kills the program and every JVM below it and waits (a little) for their end. Resource
     * trackers are spared: cleaning up after a killed program is their job.
     */
    @Override
    public void close() {
        // Take the descendants before the program dies: orphans are re-parented and not found any more.
        List<ProcessHandle> descendants = jvmsBelow(process.toHandle());
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle d : descendants) d.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // nothing more can be done than SIGKILL
        }
    }

    /**
     * The JVMs below {@code process}, identified positively (a {@code java} executable) so that a
     * resource tracker ({@code sh}, {@code cat}) is never mistaken for one; its cleanup JVM, which
     * runs only once its program is gone, is left alone too.
     */
    public static List<ProcessHandle> jvmsBelow(ProcessHandle process) {
        return process.descendants().filter(JavaProgram::isLibraryJvm).toList();
    }

    private static boolean isLibraryJvm(ProcessHandle p) {
        boolean java = p.info().command().map(c -> c.endsWith("/java")).orElse(false);
        boolean cleanup = p.info().arguments().map(a -> List.of(a).contains("org.multiprocessing4j.shm.ResourceTracker"))
                .orElse(false);
        return java && !cleanup;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** What a finished program did. */
    public record Result(int exitCode, String stdout, String stderr) {
        public List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        public List<String> stderrLines() {
            return stderr.lines().toList();
        }

        /** The whole output, for assertion messages. */
        public String describe() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /** Reads a stream to its end on a thread of its own, keeping what it read so far. */
    private static final class Drain {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();   // synchronized
        private final Thread thread;

        Drain(InputStream in) {
            thread = Thread.ofVirtual().start(() -> {
                byte[] buf = new byte[8192];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        bytes.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // the stream was closed under us: the program was destroyed
                }
            });
        }

        /** Waits for end-of-file until {@code deadline} (a {@link System#nanoTime()}); true if reached. */
        boolean await(long deadline) throws InterruptedException {
            return thread.join(Duration.ofNanos(remaining(deadline)));
        }

        String soFar() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
