package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.spawn.WarmLauncher;
import org.multiprocessing4j.testing.JavaProgram;

/** The WARM start method: processes and pool workers handed to JVMs booted ahead. */
@Timeout(120)
class WarmStartTest {

    private static final Duration LONG = Duration.ofSeconds(60);

    @AfterEach
    void backToSpawn() throws InterruptedException {
        Multiprocessing.setStartMethod(StartMethod.SPAWN);
        await(() -> JavaProgram.jvmsBelow(ProcessHandle.current()).isEmpty(), "the idle JVMs to end");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aWarmStartRunsTheTargetInAJvmBootedBeforeStart() throws Exception {
        assertEquals(StartMethod.SPAWN, Multiprocessing.getStartMethod());
        Multiprocessing.setStartMethod(StartMethod.WARM);
        Multiprocessing.prestart(1);
        await(() -> WarmLauncher.INSTANCE.idleCount(List.of()) == 1, "the JVM booted ahead");
        Thread.sleep(200);
        Instant beforeStart = Instant.now();
        Pipe pipe = Pipe.open(false);
        Connection out = pipe.right();
        Process p = new Process(() -> out.send("ran in " + Multiprocessing.currentProcess().name()));
        p.start();
        out.close();
        assertEquals("ran in " + p.name(), pipe.left().recv());
        assertTrue(p.join(LONG));
        assertEquals(OptionalInt.of(0), p.exitCode());
        Instant booted = ProcessHandle.of(p.pid()).flatMap(h -> h.info().startInstant()).orElse(null);
        // The process may be gone (its start instant with it); when it is still listed, it predates start().
        if (booted != null) assertTrue(booted.isBefore(beforeStart), booted + " vs " + beforeStart);
        pipe.left().close();
    }

    @Test
    void exitCodesAndFailuresAreThoseOfAnyProcess() throws Exception {
        Multiprocessing.setStartMethod(StartMethod.WARM);
        Multiprocessing.prestart(2);
        Process exits = new Process(() -> System.exit(7));
        exits.start();
        Process throwsError = new Process(() -> {
            throw new IllegalStateException("expected by the test");
        });
        throwsError.start();
        assertTrue(exits.join(LONG));
        assertTrue(throwsError.join(LONG));
        assertEquals(OptionalInt.of(7), exits.exitCode());
        assertEquals(OptionalInt.of(1), throwsError.exitCode());
    }

    @Test
    void startsWithTheirOwnJvmOptionsWarmUpAfterTheFirst() throws Exception {
        Multiprocessing.setStartMethod(StartMethod.WARM);
        List<String> options = List.of("-Xmx96m");
        assertEquals(0, WarmLauncher.INSTANCE.idleCount(options));
        Value.OfLong maxHeap = Value.ofLong(0);
        Process first = new Process(() -> maxHeap.set(Runtime.getRuntime().maxMemory()));
        first.setJvmOptions(options);
        first.start();
        assertTrue(first.join(LONG));
        assertTrue(maxHeap.get() <= 96L << 20, String.valueOf(maxHeap.get()));
        await(() -> WarmLauncher.INSTANCE.idleCount(options) == 1, "a JVM booted for the next start with -Xmx96m");
    }

    @Test
    void aPoolRunsOnWarmJvms() throws Exception {
        Multiprocessing.setStartMethod(StartMethod.WARM);
        try (Pool pool = new Pool(2)) {
            assertEquals(List.of(2, 4, 6), pool.map(x -> x * 2, List.of(1, 2, 3)));
        }
        try (Pool pool = new Pool(2)) {
            assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)));
        }
    }

    @Test
    void prestartNeedsTheWarmMethod() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Multiprocessing.prestart(1));
        assertTrue(e.getMessage().contains("WARM"), e.getMessage());
        Multiprocessing.setStartMethod(StartMethod.WARM);
        assertThrows(IllegalArgumentException.class, () -> Multiprocessing.prestart(-1));
        assertThrows(NullPointerException.class, () -> Multiprocessing.setStartMethod(null));
    }

    /** Boots two JVMs ahead and returns from main without using them. */
    public static final class IdleAtExit {
        public static void main(String[] args) throws Exception {
            Multiprocessing.setStartMethod(StartMethod.WARM);
            Multiprocessing.prestart(2);
            Thread.sleep(1_500);
            System.out.println("done");
        }
    }

    @Test
    void idleJvmsEndQuietlyWithTheirParent() throws Exception {
        try (JavaProgram program = JavaProgram.start(IdleAtExit.class)) {
            List<ProcessHandle> idle = List.of();
            long deadline = System.nanoTime() + LONG.toNanos();
            while (idle.size() < 2 && System.nanoTime() < deadline) {
                idle = JavaProgram.jvmsBelow(program.process().toHandle());
                Thread.sleep(20);
            }
            assertEquals(2, idle.size(), "the program's idle JVMs");
            JavaProgram.Result r = program.await(LONG);
            assertEquals(0, r.exitCode(), r.describe());
            assertEquals(List.of("done"), r.stdoutLines());
            assertEquals("", r.stderr());
            for (ProcessHandle h : idle) {
                await(() -> !h.isAlive(), "idle JVM " + h.pid() + " to end with its parent");
            }
            assertFalse(idle.stream().anyMatch(ProcessHandle::isAlive));
        }
    }
}
