package org.multiprocessing4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class's {@code main} in a JVM of its own, as a user would run a program, and captures
 * what it prints: for tests of behaviour that only a whole program shows (its exit, its stderr,
 * its children after it dies).
 */
final class JavaProgram implements AutoCloseable {

    final java.lang.Process process;
    private final CompletableFuture<String> stdout;
    private final CompletableFuture<String> stderr;

    private JavaProgram(java.lang.Process process) {
        this.process = process;
        this.stdout = drain(process.getInputStream());
        this.stderr = drain(process.getErrorStream());
    }

    /** Starts {@code mainClass} with the test class path and native access on. */
    static JavaProgram start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of("--enable-native-access=ALL-UNNAMED"), mainClass, args);
    }

    /** Starts {@code mainClass} with the test class path and these JVM options. */
    static JavaProgram start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new JavaProgram(new ProcessBuilder(command).start());
    }

    /** Runs {@code mainClass} to its end (at most {@code timeout}) and returns what it did. */
    static Result run(Duration timeout, Class<?> mainClass, String... args) throws Exception {
        try (JavaProgram program = start(mainClass, args)) {
            return program.await(timeout);
        }
    }

    /** Waits for the end, at most {@code timeout}; fails (and kills the program) if it runs longer. */
    Result await(Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError("program did not end within " + timeout + "; stderr so far:\n" + stderrSoFar());
        }
        return new Result(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
    }

    private String stderrSoFar() {
        return stderr.getNow("");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Thread::startVirtualThread);
    }

    /** What a finished program did. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }
    }
}
