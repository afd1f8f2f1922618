package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a class's {@code main} in a JVM of its own, as a user runs a program ({@code java
 * --enable-native-access=ALL-UNNAMED -cp <test class path> <main class>}), and captures its
 * stdout and stderr.
 *
 * <p>No JVM outlives {@link #run}: on timeout, or any failure, the program and every process
 * below it are killed. A program counts as finished only when it has exited <em>and</em> its
 * stdout and stderr reached end-of-file, that is when no child JVM it started still holds them.
 */
final class JavaProgram {

    private JavaProgram() {
    }

    /** What a finished program did. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        /** The whole output, for assertion messages. */
        String describe() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /**
     * Runs {@code mainClass} to its end and returns what it did.
     *
     * @throws AssertionError if it (or a child JVM holding its output) runs longer than {@code timeout}
     */
    static Result run(Class<?> mainClass, Duration timeout) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                mainClass.getName());
        long deadline = System.nanoTime() + timeout.toNanos();
        java.lang.Process process = new ProcessBuilder(command).start();
        try {
            process.getOutputStream().close();      // no console input
            Drain stdout = new Drain(process.getInputStream());
            Drain stderr = new Drain(process.getErrorStream());
            boolean ended = process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)
                    && stdout.await(deadline) && stderr.await(deadline);
            if (!ended) {
                fail(mainClass.getSimpleName() + " did not end within " + timeout
                        + (process.isAlive() ? "" : " (it exited, but a child still holds its output)")
                        + "\n--- stdout so far ---\n" + stdout.soFar() + "--- stderr so far ---\n" + stderr.soFar());
            }
            return new Result(process.exitValue(), stdout.soFar(), stderr.soFar());
        } finally {
            destroyTree(process);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Kills the program and everything below it, children first, and waits for the program's end. */
    private static void destroyTree(java.lang.Process process) throws InterruptedException {
        // Take the descendants before the program dies: orphans are re-parented and not found any more.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle d : descendants) {
            try {
                d.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // nothing more can be done than SIGKILL
            }
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
