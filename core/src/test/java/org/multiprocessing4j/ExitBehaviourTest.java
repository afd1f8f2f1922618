package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.shm.Pids;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * What happens to children when their parent program ends, normally or not; what a child prints
 * on stderr; logging across processes. Each case runs a whole program in a JVM of its own.
 */
@Timeout(120)
class ExitBehaviourTest {

    private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(60);

    /** main returns at once: waits for the non-daemonic child, terminates the daemonic one. */
    public static final class MainReturnsWithChildren {
        public static void main(String[] args) {
            Process daemonic = new Process(() -> {
                Thread.sleep(30_000);
                System.out.println("daemon finished");
            });
            daemonic.setDaemon(true);
            daemonic.start();
            new Process(() -> {
                Thread.sleep(1_500);
                System.out.println("non-daemon finished");
            }).start();
            System.out.println("daemon pid " + daemonic.pid());
        }
    }

    @Test
    void normalExitWaitsForNonDaemonicChildrenAndTerminatesDaemonicOnes() throws Exception {
        JavaProgram.Result r = JavaProgram.run(PROGRAM_TIMEOUT, MainReturnsWithChildren.class);
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().contains("non-daemon finished"), r.stdout());
        assertFalse(r.stdoutLines().contains("daemon finished"), r.stdout());
        long daemonPid = Long.parseLong(r.stdoutLines().getFirst().substring("daemon pid ".length()));
        assertFalse(Pids.isAlive(daemonPid));
    }

    /**
     * Starts two children (one daemonic) that would run for a minute, creates the file named by
     * its argument once both are running, then waits to be killed.
     */
    public static final class ParentToKill {
        public static void main(String[] args) throws Exception {
            Pipe pipe = Pipe.open(false);
            Connection running = pipe.right();
            for (boolean daemon : new boolean[] {false, true}) {
                Process p = new Process(() -> {
                    running.send("running");
                    Thread.sleep(60_000);
                });
                p.setDaemon(daemon);
                p.start();
            }
            pipe.left().recv();
            pipe.left().recv();
            Files.createFile(Path.of(args[0]));
            Thread.sleep(60_000);
        }
    }

    @Test
    void childrenOfAParentKilledWithSigkillExitWithinASecond(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("children-running");
        try (JavaProgram program = JavaProgram.start(ParentToKill.class, ready.toString())) {
            awaitFile(ready);
            List<ProcessHandle> children = JavaProgram.jvmsBelow(program.process().toHandle());
            assertEquals(2, children.size());
            program.process().toHandle().destroyForcibly();     // kill -9: no shutdown hook runs
            long killedAt = System.nanoTime();
            // Polled: onExit() of a process that is not our child polls every 300+ ms itself.
            long bound = killedAt + TimeUnit.SECONDS.toNanos(10);
            while (children.stream().mapToLong(ProcessHandle::pid).anyMatch(Pids::isAlive) && System.nanoTime() < bound) {
                Thread.sleep(5);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println("children of a kill -9'ed parent were gone after " + millis + " ms");
            assertTrue(millis < 2_000, "children outlived their parent by " + millis + " ms");
        }
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the program never created " + file);
            Thread.sleep(10);
        }
    }

    /** Uncaught exception in a child; logging to stderr in parent and child. */
    public static final class FailingChildWithLogging {
        public static void main(String[] args) throws Exception {
            Multiprocessing.logToStderr(java.util.logging.Level.INFO).warning("Error has occurred");
            Process p = new Process(() -> {
                throw new IllegalArgumentException("bad input in the child");
            });
            p.start();
            p.join();
            System.out.println("exit code " + p.exitCode().getAsInt());
        }
    }

    @Test
    void childExceptionIsPrintedOnStderrAndLifecycleIsLogged() throws Exception {
        JavaProgram.Result r = JavaProgram.run(PROGRAM_TIMEOUT, FailingChildWithLogging.class);
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("exit code 1"), r.stdoutLines());
        String err = r.stderr();
        assertTrue(err.contains("[WARNING/MainProcess] Error has occurred"), err);
        assertTrue(err.contains("[INFO/Process-1] child process calling run()"), err);
        assertTrue(err.contains("Process Process-1:"), err);
        assertTrue(err.contains("java.lang.IllegalArgumentException: bad input in the child"), err);
        assertTrue(err.contains("[INFO/Process-1] process exiting with exitcode 1"), err);
        assertTrue(err.indexOf("Process Process-1:") < err.indexOf("IllegalArgumentException"), err);
    }

    /** A child and a pipe exchange: by default the library logs nothing below WARNING. */
    public static final class QuietByDefault {
        public static void main(String[] args) throws Exception {
            Pipe pipe = Pipe.open();
            Connection child = pipe.right();
            Process p = new Process(() -> {
                System.out.println("child ran");
                child.send(child.recv());
            });
            p.start();
            pipe.left().send("ping");
            System.out.println("parent got " + pipe.left().recv());
            p.join();
        }
    }

    @Test
    void nothingIsLoggedByDefaultAndNoWarningIsPrinted() throws Exception {
        for (List<String> options : List.of(List.of("--enable-native-access=ALL-UNNAMED"), List.<String>of())) {
            try (JavaProgram program = JavaProgram.start(options, QuietByDefault.class)) {
                JavaProgram.Result r = program.await(PROGRAM_TIMEOUT);
                assertEquals(0, r.exitCode(), r.stderr());
                assertEquals(List.of("child ran", "parent got ping"), r.stdoutLines(), "options " + options);
                assertEquals("", r.stderr(), "options " + options);
            }
        }
    }
}
