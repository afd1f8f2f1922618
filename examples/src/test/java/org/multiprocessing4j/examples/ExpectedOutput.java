package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    static void queueProducerConsumer(List<String> out) {
        List<String> produced = IntStream.range(0, 5).mapToObj(i -> "Produced item " + i).toList();
        List<String> consumed = IntStream.range(0, 5).mapToObj(i -> "Consumed item " + i).toList();
        assertSameLines(concat(produced, consumed), out);
        assertEquals(produced, out.stream().filter(produced::contains).toList(), "the producer prints in order");
        assertEquals(consumed, out.stream().filter(consumed::contains).toList(), "the consumer prints in FIFO order");
        for (int i = 0; i + 1 < 5; i++) {
            assertTrue(out.indexOf(produced.get(i)) < out.indexOf(consumed.get(i + 1)),
                    "item " + (i + 1) + " is put after \"" + produced.get(i) + "\" is printed: " + out);
        }
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

    static void colorsQueue(List<String> out) {
        assertEquals(List.of(
                "Pushing items to Queue",
                "Item no. 1   red", "Item no. 2   black", "Item no. 3   blue", "Item no. 4   green",
                "Popping items from Queue",
                "item no :  0   red", "item no :  1   black", "item no :  2   blue", "item no :  3   green"), out);
    }

    private static final Pattern DONE_BY = Pattern.compile("Task no (\\d+) is done by Process-(\\d+)");

    /**
     * The workers print the first four tasks in any order; then the parent prints four lines
     * "Task no i is done by Process-N", one per task and per worker, in any order. The workers are
     * created one after another, so their numbers N are consecutive; returns them, sorted.
     */
    static List<Integer> taskQueues(List<String> out) {
        List<String> tasks = IntStream.range(0, 4).mapToObj(i -> "Task no " + i).toList();
        assertEquals(8, out.size(), () -> "four tasks, then four completion lines (fewer: a worker's getNowait()"
                + " threw Queue.Empty on a non-empty queue, see TaskQueues): " + out);
        assertSameLines(tasks, out.subList(0, 4));
        List<String> doneTasks = new ArrayList<>();
        List<Integer> workers = new ArrayList<>();
        for (String line : out.subList(4, 8)) {
            Matcher m = DONE_BY.matcher(line);
            assertTrue(m.matches(), () -> "a completion line, after every task line: " + line + " in " + out);
            doneTasks.add("Task no " + m.group(1));
            workers.add(Integer.parseInt(m.group(2)));
        }
        assertSameLines(tasks, doneTasks);
        List<Integer> sorted = workers.stream().sorted().toList();
        assertEquals(IntStream.range(0, 4).mapToObj(i -> sorted.getFirst() + i).toList(), sorted,
                () -> "four distinct workers, created in a row: " + out);
        return sorted;
    }

    /** {@link #taskQueues} run alone: the workers are the program's first four processes. */
    static void taskQueuesAlone(List<String> out) {
        assertEquals(List.of(1, 2, 3, 4), taskQueues(out), () -> "done by Process-1 to Process-4: " + out);
    }

    /**
     * {@link PoolWorkLog}: two workers, A (5 s) and B (2 s) start at once; C starts when B finishes,
     * then D when the next worker frees. A and C (2 + 3 s) end at the same moment, so which of them
     * ends first, and whose worker takes D, is not fixed (the notebook shows A's); every other
     * ordering of the notebook's output is, and is checked.
     */
    static void poolWorkLog(List<String> out) {
        List<String> names = List.of("A", "B", "C", "D");
        List<Integer> seconds = List.of(5, 2, 3, 4);
        List<String> waiting = IntStream.range(0, 4)
                .mapToObj(i -> " Process " + names.get(i) + " is waiting for " + seconds.get(i)).toList();
        List<String> finished = names.stream().map(n -> " Process " + n + " is finished").toList();
        assertSameLines(concat(waiting, finished), out);
        int[] w = waiting.stream().mapToInt(out::indexOf).toArray();
        int[] f = finished.stream().mapToInt(out::indexOf).toArray();
        int a = 0, b = 1, c = 2, d = 3;
        for (int i = 0; i < 4; i++) {
            assertTrue(w[i] < f[i], "each process waits, then finishes: " + out);
        }
        assertSameLines(List.of(waiting.get(a), waiting.get(b)), out.subList(0, 2));
        assertTrue(f[b] < f[a], "B (2 s) finishes before A (5 s): " + out);
        assertTrue(f[b] < w[c], "C starts when B's worker is free: " + out);
        assertTrue(w[c] < w[d], "C is handed out before D: " + out);
        assertTrue(Math.min(f[a], f[c]) < w[d], "D starts when A's or C's worker is free: " + out);
        assertEquals(finished.get(d), out.getLast(), "D, started at 5 s for 4 s, finishes last");
    }

    static void poolMap(List<String> out) {
        assertEquals(List.of("Results: [2, 4, 6, 8, 10]"), out);
    }

    static void poolApplyAsyncError(List<String> out) {
        assertEquals(List.of("Task 0 failed: Invalid task value", "Output: [2, 4, 8, 10]"), out);
    }

    static void startWithoutJoin(List<String> out) {
        assertEquals(List.of("Worker process executing"), out);
    }

    static void joinThenContinue(List<String> out) {
        assertEquals(List.of("Worker process executing", "Main process completed"), out);
    }

    static void sharedValue(List<String> out) {
        assertEquals(List.of("Value: 1"), out);
    }

    static void lockedSharedList(List<String> out) {
        assertEquals(List.of("Shared List: [New item]"), out);
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

    static void queueIsEven(List<String> out) {
        assertEquals(IntStream.range(0, 10).mapToObj(i -> String.valueOf(2 * i)).toList(), out);
    }

    static void pipeHelloWorld(List<String> out) {
        assertEquals(List.of("[hello world]"), out);
    }

    static void lockedGreeting(List<String> out) {
        assertSameLines(List.of("Alex", "sam", "Bernard", "Patrick", "Jude", "Williams").stream()
                .map(name -> "hello " + name).toList(), out);
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
