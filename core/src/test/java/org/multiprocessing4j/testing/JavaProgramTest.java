package org.multiprocessing4j.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Process;

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
    void programOverTimeIsDestroyedWithItsChildren() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> JavaProgram.run(Duration.ofSeconds(8), HangingProgram.class));
        assertTrue(failure.getMessage().contains("HangingProgram did not end within PT8S"), failure.getMessage());
        assertTrue(failure.getMessage().contains("started "), "the output so far is shown: " + failure.getMessage());
        List<ProcessHandle> left = ProcessHandle.current().descendants()
                .filter(p -> p.isAlive() && !JavaProgram.isResourceTracker(p)).toList();
        assertEquals(List.of(), left, "no JVM is left running");
    }
}
