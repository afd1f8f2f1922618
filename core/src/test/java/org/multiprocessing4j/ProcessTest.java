package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Process lifecycle, CPython's test_process, test_terminate/kill, test_close and friends. */
@Timeout(60)
class ProcessTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** What a child reports about itself. */
    record Report(String name, long pid, long parentPid, String parentName, boolean daemon, byte[] authkey,
                  boolean parentAlive, boolean parentJoinTimedOut) implements Serializable {
    }

    @Test
    void lifecycleBeforeDuringAndAfter() throws Exception {
        Pipe pipe = Pipe.open();
        Connection mine = pipe.left(), theirs = pipe.right();
        Process p = new Process("SomeProcess", () -> {
            Process me = Multiprocessing.currentProcess();
            Process parent = Multiprocessing.parentProcess().orElseThrow();
            theirs.send(new Report(me.name(), me.pid(), parent.pid(), parent.name(), me.isDaemon(), me.authkey(),
                    parent.isAlive(), !parent.join(Duration.ofMillis(50))));
            theirs.recv();                       // stay alive until the parent has looked
        });
        p.setDaemon(true);
        assertFalse(p.isAlive());
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertFalse(Multiprocessing.activeChildren().contains(p));

        p.start();
        Report r = mine.recv();
        assertTrue(p.isAlive());
        assertTrue(Multiprocessing.activeChildren().contains(p));
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertEquals("SomeProcess", r.name());
        assertEquals(p.pid(), r.pid());
        assertEquals(ProcessHandle.current().pid(), r.parentPid());
        assertEquals("MainProcess", r.parentName());
        assertTrue(r.daemon());
        assertTrue(r.parentAlive());
        assertTrue(r.parentJoinTimedOut());
        assertArrayEquals(Multiprocessing.currentProcess().authkey(), r.authkey());

        mine.send("done");
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertFalse(p.isAlive());
        assertFalse(Multiprocessing.activeChildren().contains(p));
        mine.close();
        theirs.close();
    }

    @Test
    void currentProcessInMain() {
        Process main = Multiprocessing.currentProcess();
        assertEquals("MainProcess", main.name());
        assertTrue(main.isAlive());
        assertFalse(main.isDaemon());
        assertEquals(ProcessHandle.current().pid(), main.pid());
        assertEquals(32, main.authkey().length);
        assertTrue(Multiprocessing.parentProcess().isEmpty());
        assertTrue(Multiprocessing.cpuCount() >= 1);
    }

    @Test
    void terminateGivesMinus15AndKillMinus9() throws Exception {
        for (boolean kill : new boolean[] {false, true}) {
            Process p = new Process(() -> Thread.sleep(60_000));
            p.start();
            assertFalse(p.join(Duration.ZERO));
            assertFalse(p.join(Duration.ofMillis(-1)));
            assertTrue(p.isAlive());
            if (kill) p.kill(); else p.terminate();
            assertTrue(p.join(LONG));
            assertEquals(OptionalInt.of(kill ? -9 : -15), p.exitCode());
            p.terminate();                        // no effect once ended
            assertEquals(OptionalInt.of(kill ? -9 : -15), p.exitCode());
        }
    }

    @Test
    void exitCodes() throws Exception {
        Process exits8 = new Process(() -> System.exit(8));
        Process exits0 = new Process(() -> System.exit(0));
        Process returns = new Process(() -> { });
        Process throwing = new Process(() -> {
            throw new IllegalStateException("boom");
        });
        List<Process> all = List.of(exits8, exits0, returns, throwing);
        all.forEach(Process::start);
        for (Process p : all) assertTrue(p.join(LONG));
        assertEquals(OptionalInt.of(8), exits8.exitCode());
        assertEquals(OptionalInt.of(0), exits0.exitCode());
        assertEquals(OptionalInt.of(0), returns.exitCode());
        assertEquals(OptionalInt.of(1), throwing.exitCode());
    }

    @Test
    void closeRules() throws Exception {
        Pipe pipe = Pipe.open();
        Connection release = pipe.right();
        Process p = new Process(() -> release.recv());
        p.start();
        assertThrows(IllegalStateException.class, p::close);
        pipe.left().send("go");
        p.join();
        p.close();
        p.close();
        assertThrows(IllegalStateException.class, p::isAlive);
        assertThrows(IllegalStateException.class, p::join);
        assertThrows(IllegalStateException.class, p::terminate);
        assertEquals(OptionalInt.of(0), p.exitCode());
        pipe.left().close();
        release.close();
    }

    @Test
    void misuseIsRefused() throws Exception {
        Process p = new Process(() -> { });
        assertThrows(IllegalStateException.class, p::join);
        assertThrows(IllegalStateException.class, p::terminate);
        assertThrows(IllegalStateException.class, p::pid);
        p.start();
        IllegalStateException twice = assertThrows(IllegalStateException.class, p::start);
        assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
        assertThrows(IllegalStateException.class, () -> p.setDaemon(true));
        p.join();
        assertThrows(IllegalStateException.class, () -> Multiprocessing.currentProcess().join());
    }

    /** Not serializable: a target capturing it must fail at start(), in the parent, naming it. */
    static final class Unserializable {
        final int value = 42;
    }

    @Test
    void unserializableTargetFailsAtStartNamingTheClass() {
        Unserializable captured = new Unserializable();
        Process p = new Process(() -> System.out.println(captured.value));
        SerializationException e = assertThrows(SerializationException.class, p::start);
        assertTrue(e.getMessage().contains(Unserializable.class.getName()), e.getMessage());
        assertFalse(p.isAlive());
        assertThrows(IllegalStateException.class, p::join);   // nothing was started
    }

    @Test
    void defaultNamesCountAndNestInChildren() throws Exception {
        Process a = new Process(() -> { }), b = new Process(() -> { });
        int n = Integer.parseInt(a.name().substring("Process-".length()));
        assertEquals("Process-" + (n + 1), b.name());

        Pipe pipe = Pipe.open();
        Connection out = pipe.right();
        Process parent = new Process(() -> {
            Process grandchild = new Process(() -> { });
            out.send(List.of(grandchild.name(), String.valueOf(grandchild.isDaemon()),
                    Multiprocessing.currentProcess().name()));
        });
        parent.setDaemon(true);
        parent.start();
        List<String> seen = pipe.left().recv();
        parent.join();
        // the grandchild's name nests under its creator's; the daemon flag is inherited from it
        assertEquals(List.of(parent.name() + ":1", "true", parent.name()), seen);
        pipe.left().close();
        out.close();
    }

    /** A subclass overriding run(), with state that travels. */
    static final class Doubler extends Process {
        private final int value;
        private final Connection out;

        Doubler(int value, Connection out) {
            this.value = value;
            this.out = out;
        }

        @Override
        public void run() throws Exception {
            out.send(value * 2);
        }
    }

    @Test
    void subclassOverridingRun() throws Exception {
        Pipe pipe = Pipe.open();
        Doubler p = new Doubler(21, pipe.right());
        p.start();
        assertEquals(42, (int) pipe.left().recv());
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertTrue(p.toString().contains("Doubler"), p.toString());
        pipe.left().close();
        pipe.right().close();
    }

    @Test
    void childWaitsForItsNonDaemonThreadsAndRunsItsShutdownHooks() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection out = pipe.right();
        Process p = new Process(() -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    out.send("hook ran");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(300);
                    out.send("thread done");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        p.start();
        out.close();
        assertEquals("thread done", pipe.left().recv());
        assertEquals("hook ran", pipe.left().recv());
        assertTrue(p.join(LONG));
        assertEquals(OptionalInt.of(0), p.exitCode());
        pipe.left().close();
    }

    @Test
    void childInheritsTheLoggerLevel() throws Exception {
        java.util.logging.Logger logger = Multiprocessing.getLogger();
        java.util.logging.Level before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.SEVERE);
        try {
            Pipe pipe = Pipe.open(false);
            Connection out = pipe.right();
            Process p = new Process(() -> out.send(Multiprocessing.getLogger().getLevel().getName()));
            p.start();
            assertEquals("SEVERE", pipe.left().recv());
            p.join();
            pipe.left().close();
            out.close();
        } finally {
            logger.setLevel(before);
        }
    }

    @Test
    void jvmOptionsReachTheChild() throws Exception {
        Pipe pipe = Pipe.open();
        Connection out = pipe.right();
        Process p = new Process(() -> out.send(System.getProperty("mp4j.test.flag")));
        p.setJvmOptions(List.of("-Dmp4j.test.flag=on", "-Xmx64m"));
        p.start();
        assertEquals("on", pipe.left().recv());
        p.join();
        pipe.left().close();
        out.close();
    }
}
