package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * Runs the tour in a JVM of its own and checks that it exits with 0, prints every header in seed
 * order, and that under each header comes exactly that example's output (so no example's
 * children print into the next one's section).
 */
class TourTest {

    /** A header of the tour and the check of the lines under it. */
    private record Section(String header, Consumer<List<String>> check) {
    }

    /** Every section, in seed order. */
    private static final List<Section> SECTIONS = List.of(
            new Section("=== 000 Example 1: Creating and Running a Simple Process ===", ExpectedOutput::simpleProcess),
            new Section("=== 000 Example 2: Using a Class to Create Processes ===", ExpectedOutput::subclassProcess),
            new Section("=== 000 Inter-Process Communication (IPC) 1. Queue ===", ExpectedOutput::queueProducerConsumer),
            new Section("=== 000 Inter-Process Communication (IPC) 2. Pipe ===", ExpectedOutput::pipeSenderReceiver),
            new Section("=== 000 Example Workflow ===", ExpectedOutput::workflowWorkers),
            new Section("=== 001 In [6]: mp.cpu_count() ===", ExpectedOutput::cpuCount),
            new Section("=== 001 In [9]: Process class, start() and join() ===", ExpectedOutput::continents),
            new Section("=== 001 In [10]: Queue class, put() and get() ===", ExpectedOutput::colorsQueue),
            new Section("=== 001 In [1]: Lock Class task: two queues, get_nowait() ===", ExpectedOutput::taskQueues),
            new Section("=== 001 In [3]: Python multiprocessing Pool ===", ExpectedOutput::poolWorkLog),
            new Section("=== 002 Creating and Managing Processes: start() ===", ExpectedOutput::startWithoutJoin),
            new Section("=== 002 Creating and Managing Processes: join() ===", ExpectedOutput::joinThenContinue),
            new Section("=== 002 Sharing Data between Processes: Value ===", ExpectedOutput::sharedValue),
            new Section("=== 002 Synchronization Mechanisms: Lock and Manager().list() ===",
                    ExpectedOutput::lockedSharedList),
            new Section("=== 002 Parallel Execution with Process Pools: map() ===", ExpectedOutput::poolMap),
            new Section("=== 002 Handling Exceptions and Errors: apply_async() ===", ExpectedOutput::poolApplyAsyncError),
            new Section("=== 003 3. Getting Started ===", ExpectedOutput::basicSetup),
            new Section("=== 003 4. Code Example ===", ExpectedOutput::parallelSquares),
            new Section("=== 004 Introduction to Multiprocessing: Process(target=greeting) ===", ExpectedOutput::greeting),
            new Section("=== 004 Introduction to Multiprocessing: args=('world',) ===", ExpectedOutput::greetingWithArgs),
            new Section("=== 004 Example: the square of numbers ===", ExpectedOutput::squareList),
            new Section("=== 004 Example: more than one process at the same time ===", ExpectedOutput::squareAndEven),
            new Section("=== 004 Communication Between Processes: Queues ===", ExpectedOutput::queueIsEven),
            new Section("=== 004 Communication Between Processes: Pipes ===", ExpectedOutput::pipeHelloWorld),
            new Section("=== 004 Locks ===", ExpectedOutput::lockedGreeting),
            new Section("=== 004 Logging ===", ExpectedOutput::logToStderr));

    private static final List<String> HEADERS = SECTIONS.stream().map(Section::header).toList();

    @Test
    void tourRunsEveryExampleInSeedOrder() throws Exception {
        JavaProgram.Result result = ExamplesTest.run(Duration.ofSeconds(180), Tour.class);
        assertEquals(0, result.exitCode(), result::describe);
        List<String> lines = result.stdoutLines();

        assertEquals(HEADERS, lines.stream().filter(l -> l.startsWith("=== ")).toList(), result::describe);
        assertEquals(HEADERS.getFirst(), lines.getFirst(), result::describe);

        Map<String, List<String>> under = new HashMap<>();
        List<String> current = null;
        for (String line : lines) {
            if (HEADERS.contains(line)) under.put(line, current = new ArrayList<>());
            else current.add(line);
        }
        assertAll(SECTIONS.stream().map(section -> () -> {
            try {
                section.check().accept(under.get(section.header()));
            } catch (AssertionError failure) {
                throw new AssertionError("under " + section.header() + ": " + failure.getMessage(), failure);
            }
        }));
        assertEquals(ExpectedOutput.LOG_TO_STDERR_STDERR, result.stderrLines(), result::describe);
    }

    @Test
    void tourHeadersNameSeedAndSection() {
        assertEquals(HEADERS, Tour.EXAMPLES.stream().map(Tour.Example::header).toList());
    }
}
