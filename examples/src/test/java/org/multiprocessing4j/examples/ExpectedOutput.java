package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What each example prints on stdout, as its tutorial says, given as checks of the lines printed.
 * Where processes print in parallel, the order across them is not fixed: a check compares the
 * lines as a multiset and asserts only the orderings that do hold. Used both on an example run
 * alone ({@link ExamplesTest}) and on its section of the tour ({@link TourTest}).
 */
final class ExpectedOutput {

    private ExpectedOutput() {
    }

    static void simpleProcess(List<String> out) {
        assertEquals(List.of("1", "2", "3", "4", "5", "Process finished execution"), out);
    }

    static void subclassProcess(List<String> out) {
        assertEquals(List.of("1", "2", "3", "4", "5", "Process finished execution"), out);
    }

    static void pipeSenderReceiver(List<String> out) {
        assertEquals(List.of("Received: Hello from sender"), out);
    }

    static void workflowWorkers(List<String> out) {
        List<String> workers = IntStream.range(0, 5).mapToObj(i -> "Worker: " + i).toList();
        assertSameLines(concat(workers, List.of("All processes finished execution")), out);
        assertEquals("All processes finished execution", out.getLast(), "the parent prints after joining all workers");
    }

    static void cpuCount(List<String> out) {
        assertEquals(List.of(String.valueOf(Runtime.getRuntime().availableProcessors())), out);
    }

    static void continents(List<String> out) {
        List<String> names = List.of("America", "Antartica", "Australia");
        List<String> children = List.of("Asia", "America", "Antartica", "Australia").stream()
                .map(c -> "The name of the continent is " + c).toList();
        assertSameLines(concat(names, children), out);
        assertEquals(names, out.stream().filter(names::contains).toList(), "the parent prints the names in order");
        for (String name : names) {
            assertTrue(out.indexOf(name) < out.indexOf("The name of the continent is " + name),
                    "the parent prints " + name + " before starting its process: " + out);
        }
    }

    static void startWithoutJoin(List<String> out) {
        assertEquals(List.of("Worker process executing"), out);
    }

    static void joinThenContinue(List<String> out) {
        assertEquals(List.of("Worker process executing", "Main process completed"), out);
    }

    static void basicSetup(List<String> out) {
        assertEquals(List.of("Worker Function"), out);
    }

    static void parallelSquares(List<String> out) {
        assertSameLines(IntStream.rangeClosed(1, 5).mapToObj(n -> "Square of " + n + " is " + n * n).toList(), out);
    }

    static void greeting(List<String> out) {
        assertEquals(List.of("hello world"), out);
    }

    static void greetingWithArgs(List<String> out) {
        assertEquals(List.of("hello world"), out);
    }

    private static final List<String> SQUARES = List.of(
            "43 squared  is  1849", "50 squared  is  2500", "5 squared  is  25",
            "98 squared  is  9604", "34 squared  is  1156", "35 squared  is  1225");
    private static final List<String> EVENS = List.of(
            "50 is an even number ", "98 is an even number ", "34 is an even number ");

    static void squareList(List<String> out) {
        assertEquals(concat(SQUARES, List.of("Done")), out);
    }

    static void squareAndEven(List<String> out) {
        assertSameLines(concat(SQUARES, EVENS, List.of("Done")), out);
        assertEquals(SQUARES, out.stream().filter(SQUARES::contains).toList(), "p1 prints the squares in order");
        assertEquals(EVENS, out.stream().filter(EVENS::contains).toList(), "p2 prints the even numbers in order");
        assertEquals("Done", out.getLast(), "the parent prints after joining both");
    }

    static void pipeHelloWorld(List<String> out) {
        assertEquals(List.of("[hello world]"), out);
    }

    static void logToStderr(List<String> out) {
        assertEquals(List.of(), out, "the log goes to stderr, not stdout");
    }

    /** What {@link LogToStderr} prints on stderr. */
    static final List<String> LOG_TO_STDERR_STDERR = List.of("[WARNING/MainProcess] Error has occurred");

    /** Asserts the same lines, each as many times, in any order. */
    static void assertSameLines(List<String> expected, List<String> actual) {
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList(),
                () -> "expected the lines " + expected + " in any order, got " + actual);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) all.addAll(l);
        return all;
    }
}
