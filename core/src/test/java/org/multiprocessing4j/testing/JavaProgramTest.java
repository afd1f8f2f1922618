package org.multiprocessing4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.shm.Pids;

/** The test helper itself: a program that runs too long fails the test and leaves no JVM behind. */
class JavaProgramTest {

    /** A program that never ends, nor does its child. */
    public static final class HangingProgram {
        public static void main(String[] args) throws Exception {
            Process child = new Process(() -> Thread.sleep(Long.MAX_VALUE));
            child.start();
            System.out.println("started " + child.pid());
            child.join();
        }
    }

    @Test
    void programOverTimeIsDestroyedWithItsChildren() throws Exception {
        List<ProcessHandle> jvms;
        try (JavaProgram program = JavaProgram.start(HangingProgram.class)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (JavaProgram.jvmsBelow(program.process().toHandle()).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the program never started its child");
                Thread.sleep(20);
            }
            jvms = JavaProgram.jvmsBelow(program.process().toHandle());
            AssertionError failure = assertThrows(AssertionError.class, () -> program.await(Duration.ofSeconds(3)));
            assertTrue(failure.getMessage().contains("HangingProgram did not end within PT3S"), failure.getMessage());
        }
        assertFalse(jvms.isEmpty());
        assertEquals(List.of(), jvms.stream().filter(p -> Pids.isAlive(p.pid())).toList(), "no JVM is left running");
    }
}
