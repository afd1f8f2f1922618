package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test helper itself: a program that runs too long fails the test and leaves no JVM behind. */
class JavaProgramTest {

    @Test
    void programOverTimeIsDestroyedWithItsChildren() {
        AssertionError failure = assertThrows(AssertionError.class,
                () -> JavaProgram.run(HangingProgram.class, Duration.ofSeconds(10)));
        assertTrue(failure.getMessage().contains("HangingProgram did not end within PT10S"), failure.getMessage());
        assertTrue(failure.getMessage().contains("started "), "the output so far is shown: " + failure.getMessage());
        List<ProcessHandle> left = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        assertEquals(List.of(), left, "no JVM is left running");
    }
}
