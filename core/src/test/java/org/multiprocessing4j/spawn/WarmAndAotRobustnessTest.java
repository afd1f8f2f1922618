package org.multiprocessing4j.spawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.StartMethod;
import org.multiprocessing4j.shm.Pids;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * The WARM start method and the AOT cache for child JVMs under the cases a review found: a start
 * racing a switch back to SPAWN, options that print at boot, options that manage class-data
 * sharing, a damaged cache, a program killed while it builds one. Every wait is bounded; every
 * JVM and file is cleaned up.
 */
@Timeout(240)
class WarmAndAotRobustnessTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @AfterEach
    void backToSpawn() {
        Multiprocessing.setStartMethod(StartMethod.SPAWN);
        WarmLauncher.INSTANCE.shutdown(); // also what a start racing with SPAWN left behind
    }

    // ---------------------------------------------------------------- WarmLauncher

    /**
     * A start that chose the warm launcher just before another thread sets the start method back
     * to SPAWN does not leave its replacement JVM idle. The window is widened deterministically by
     * holding WarmLauncher's monitor, so the start blocks in take() after it chose the launcher.
     */
    @Test
    void noIdleJvmIsLeftWhenSpawnIsSetDuringAWarmStart() throws Exception {
        Multiprocessing.setStartMethod(StartMethod.WARM);
        Process p = new Process(() -> { });
        Thread starter = new Thread(p::start, "review-starter");
        synchronized (WarmLauncher.INSTANCE) {
            starter.start();
            long deadline = System.nanoTime() + LONG.toNanos();
            while (starter.getState() != Thread.State.BLOCKED) {
                assertTrue(System.nanoTime() < deadline, "the start never reached WarmLauncher.take");
                Thread.sleep(5);
            }
            Multiprocessing.setStartMethod(StartMethod.SPAWN); // shutdown(): the monitor is reentrant
        }
        starter.join(LONG.toMillis());
        assertTrue(p.join(LONG));
        // the replacement is scheduled 250 ms after the start; give it time to boot
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (WarmLauncher.INSTANCE.idleCount(List.of()) == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(StartMethod.SPAWN, Multiprocessing.getStartMethod());
        assertEquals(0, WarmLauncher.INSTANCE.idleCount(List.of()),
                "an idle warm JVM was booted and kept after setStartMethod(SPAWN)");
    }

    /** Starts one process with -XX:+PrintCommandLineFlags under WARM, then exits. */
    public static final class OneWarmStartWithFlags {
        public static void main(String[] args) throws Exception {
            Multiprocessing.setStartMethod(StartMethod.WARM);
            Process p = new Process(() -> { });
            p.setJvmOptions(List.of("-XX:+PrintCommandLineFlags"));
            p.start();
            p.join();
            Thread.sleep(1_500); // the replacement boots 250 ms after the start
            System.out.println("done");
        }
    }

    /** Options that print at boot are not booted ahead: one start, one JVM's output. */
    @Test
    void aReplacementJvmThatRunsNothingPrintsNothing() throws Exception {
        try (JavaProgram program = JavaProgram.start(OneWarmStartWithFlags.class)) {
            JavaProgram.Result r = program.await(LONG);
            assertEquals(0, r.exitCode(), r.describe());
            long flagLines = r.stdoutLines().stream().filter(l -> l.contains("-XX:")).count();
            assertEquals(1, flagLines, "one process started, but: " + r.describe());
        }
    }

    // ---------------------------------------------------------------- AotCache: whole programs

    /**
     * modes: {@code build} starts a child and waits (bounded) until the AOT cache exists;
     * {@code child [jvm options...]} starts one child with those options and prints its exit code;
     * {@code linger} starts a child (which starts the cache's build) and sleeps.
     */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            String classPath = System.getProperty("java.class.path");
            switch (args[0]) {
                case "build" -> {
                    System.out.println("first " + runChild(List.of()));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (AotCache.options(List.of(), List.of(), classPath).isEmpty() && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    System.out.println("cache " + !AotCache.options(List.of(), List.of(), classPath).isEmpty());
                }
                case "child" -> System.out.println("exit " + runChild(List.of(args).subList(1, args.length)));
                case "linger" -> {
                    System.out.println("first " + runChild(List.of()));
                    Thread.sleep(120_000);
                }
                default -> throw new IllegalArgumentException(args[0]);
            }
        }

        private static int runChild(List<String> jvmOptions) throws Exception {
            Process p = new Process(() -> { });
            p.setJvmOptions(jvmOptions);
            p.start();
            if (!p.join(Duration.ofSeconds(60))) throw new IllegalStateException("child hangs");
            return p.exitCode().orElse(-1000);
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private static java.lang.Process startProgram(Path jar, Path tmp, Path cwd, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", jar.toString(),
                Program.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(cwd.resolve("out-" + System.nanoTime() + ".txt").toFile())
                .redirectError(cwd.resolve("err-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private static Run runProgram(Path jar, Path tmp, Path cwd, String... args) throws Exception {
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + tmp, "-cp", jar.toString(),
                Program.class.getName()));
        command.addAll(List.of(args));
        java.lang.Process program = new ProcessBuilder(command).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertTrue(program.waitFor(180, TimeUnit.SECONDS), "the program did not end");
            return new Run(program.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            killTree(program.toHandle());
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void killTree(ProcessHandle h) throws InterruptedException {
        List<ProcessHandle> below = h.descendants().toList();
        h.destroyForcibly();
        below.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle d : below) {
            try {
                d.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // SIGKILL sent; nothing more to do
            }
        }
    }

    private static Path cacheDir(Path tmp) {
        return tmp.resolve("multiprocessing4j-aot-" + System.getProperty("user.name"));
    }

    private static Path buildCache(Path jar, Path tmp, Path cwd) throws Exception {
        Run r = runProgram(jar, tmp, cwd, "build");
        assertEquals("first 0\ncache true\n", r.stdout(), r.describe());
        try (Stream<Path> files = Files.list(cacheDir(tmp))) {
            return files.filter(f -> f.toString().endsWith(".aot")).findFirst().orElseThrow();
        }
    }

    /**
     * The JVM refuses -XX:AOTCache next to any -Xshare option or a CDS archive of the user's: a
     * child with such options gets no AOT options, and starts as it did before the cache existed.
     */
    @Test
    void aChildWithAnXshareOptionStillStartsOnceTheCacheExists(@TempDir Path dir) throws Exception {
        Path jar = AotCacheTest.jarOfTheLibraryAndTests(dir);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        assertEquals("exit 0\n", runProgram(jar, tmp, cwd, "child", "-Xshare:auto").stdout(), "before the cache");
        buildCache(jar, tmp, cwd);
        Run r = runProgram(jar, tmp, cwd, "child", "-Xshare:auto");
        assertEquals("exit 0\n", r.stdout(), r.describe());
        assertEquals("", r.stderr(), r.describe());
    }

    /**
     * The JVM does not check an AOT cache's content, and a damaged one crashes children: the
     * cache's checksum is checked first, so a damaged cache is not used (no crash, no hs_err file,
     * nothing printed).
     */
    @Test
    void aDamagedCacheDoesNotCrashChildren(@TempDir Path dir) throws Exception {
        Path jar = AotCacheTest.jarOfTheLibraryAndTests(dir);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        Path cache = buildCache(jar, tmp, cwd);
        try (FileChannel ch = FileChannel.open(cache, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(100_000), 100_000); // zeros over part of the metadata
        }
        Run r = runProgram(jar, tmp, cwd, "child");
        try (Stream<Path> files = Files.list(cwd)) {
            List<String> crashes = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("hs_err")).toList();
            assertEquals(List.of(), crashes, r.describe());
        }
        assertEquals("exit 0\n", r.stdout(), r.describe());
        assertEquals("", r.stderr(), r.describe());
    }

    /**
     * A program killed with -9 while it builds the cache takes the build's JVM with it within a
     * second (its lifeline), and the next build removes what it left (the training configuration
     * or the partial cache, named after its pid).
     */
    @Test
    void aProgramKilledDuringTheBuildLeavesNoBuildJvmAndNoFile(@TempDir Path dir) throws Exception {
        Path jar = AotCacheTest.jarOfTheLibraryAndTests(dir);
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path cwd = Files.createDirectory(dir.resolve("cwd"));
        java.lang.Process program = startProgram(jar, tmp, cwd, "linger");
        Optional<ProcessHandle> builder = Optional.empty();
        try {
            long deadline = System.nanoTime() + LONG.toNanos();
            while (builder.isEmpty() && System.nanoTime() < deadline) {
                builder = program.descendants().filter(h -> h.info().arguments()
                        .map(a -> String.join(" ", a).contains("-XX:AOTMode=")).orElse(false)).findFirst();
                if (builder.isEmpty()) Thread.sleep(5);
            }
            assertTrue(builder.isPresent(), "no build JVM seen");
            String step = builder.get().info().arguments().map(a -> String.join(" ", a)).orElse("?");
            program.destroyForcibly(); // kill -9
            long killed = System.nanoTime();
            assertTrue(program.waitFor(10, TimeUnit.SECONDS));
            // A zombie waiting for init to reap it has ended: ProcessHandle would still call it alive.
            long builderPid = builder.get().pid();
            long until = System.nanoTime() + LONG.toNanos();
            while (Pids.isAlive(builderPid) && System.nanoTime() < until) Thread.sleep(5);
            boolean ended = !Pids.isAlive(builderPid);
            long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertTrue(ended && afterMillis < 1_000, "the build JVM (" + step.replaceAll(".*(-XX:AOTMode=\\w+).*", "$1")
                    + ") ended " + afterMillis + " ms after its program's kill -9");
            buildCache(jar, tmp, cwd); // the next build removes what the killed one left
            List<String> left;
            try (Stream<Path> files = Files.list(cacheDir(tmp))) {
                left = files.map(f -> f.getFileName().toString()).filter(n -> !n.endsWith(".aot")
                        && !n.endsWith(".aot.sha256") && !n.endsWith(".aot.lock")).toList();
            }
            assertEquals(List.of(), left);
        } finally {
            builder.ifPresent(ProcessHandle::destroyForcibly);
            killTree(program.toHandle());
        }
    }
}
