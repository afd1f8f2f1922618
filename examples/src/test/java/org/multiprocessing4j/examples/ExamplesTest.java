package org.multiprocessing4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.testing.JavaProgram;

/**
 * Runs each example in a JVM of its own, as a user would, and checks that it exits with 0, prints
 * what its tutorial says on stdout ({@link ExpectedOutput}) and nothing on stderr (a child's
 * uncaught exception would show there).
 */
class ExamplesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long one of the tutorials' seconds lasts in the tests, where an example sleeps for whole
     * seconds ({@link PoolWorkLog}): short, but long enough that the order its output shows does
     * not depend on which worker JVM happened to boot first.
     */
    static final int SECOND_MILLIS = 400;

    /**
     * Runs {@code main} (an example or the tour) in a JVM of its own, with native access enabled
     * and the tutorials' seconds lasting {@link #SECOND_MILLIS}, at most {@code timeout}.
     */
    static JavaProgram.Result run(Duration timeout, Class<?> main) throws Exception {
        List<String> options = List.of("--enable-native-access=ALL-UNNAMED",
                "-D" + PoolWorkLog.SECOND_PROPERTY + "=" + SECOND_MILLIS);
        try (JavaProgram program = JavaProgram.start(options, main)) {
            return program.await(timeout);
        }
    }

    /** Runs {@code example}, asserts a clean exit with an empty stderr, and returns its stdout lines. */
    private static List<String> stdoutOf(Class<?> example) throws Exception {
        JavaProgram.Result result = run(TIMEOUT, example);
        assertEquals(0, result.exitCode(), result::describe);
        assertEquals("", result.stderr(), result::describe);
        return result.stdoutLines();
    }

    @Test
    void simpleProcess() throws Exception {
        ExpectedOutput.simpleProcess(stdoutOf(SimpleProcess.class));
    }

    @Test
    void subclassProcess() throws Exception {
        ExpectedOutput.subclassProcess(stdoutOf(SubclassProcess.class));
    }

    @Test
    void queueProducerConsumer() throws Exception {
        ExpectedOutput.queueProducerConsumer(stdoutOf(QueueProducerConsumer.class));
    }

    @Test
    void pipeSenderReceiver() throws Exception {
        ExpectedOutput.pipeSenderReceiver(stdoutOf(PipeSenderReceiver.class));
    }

    @Test
    void workflowWorkers() throws Exception {
        ExpectedOutput.workflowWorkers(stdoutOf(WorkflowWorkers.class));
    }

    @Test
    void cpuCount() throws Exception {
        ExpectedOutput.cpuCount(stdoutOf(CpuCount.class));
    }

    @Test
    void continents() throws Exception {
        ExpectedOutput.continents(stdoutOf(Continents.class));
    }

    @Test
    void colorsQueue() throws Exception {
        ExpectedOutput.colorsQueue(stdoutOf(ColorsQueue.class));
    }

    @Test
    void taskQueues() throws Exception {
        ExpectedOutput.taskQueuesAlone(stdoutOf(TaskQueues.class));
    }

    @Test
    void poolWorkLog() throws Exception {
        ExpectedOutput.poolWorkLog(stdoutOf(PoolWorkLog.class));
    }

    @Test
    void startWithoutJoin() throws Exception {
        ExpectedOutput.startWithoutJoin(stdoutOf(StartWithoutJoin.class));
    }

    @Test
    void joinThenContinue() throws Exception {
        ExpectedOutput.joinThenContinue(stdoutOf(JoinThenContinue.class));
    }

    @Test
    void sharedValue() throws Exception {
        ExpectedOutput.sharedValue(stdoutOf(SharedValue.class));
    }

    @Test
    void lockedSharedList() throws Exception {
        ExpectedOutput.lockedSharedList(stdoutOf(LockedSharedList.class));
    }

    @Test
    void poolMap() throws Exception {
        ExpectedOutput.poolMap(stdoutOf(PoolMap.class));
    }

    @Test
    void poolApplyAsyncError() throws Exception {
        ExpectedOutput.poolApplyAsyncError(stdoutOf(PoolApplyAsyncError.class));
    }

    @Test
    void basicSetup() throws Exception {
        ExpectedOutput.basicSetup(stdoutOf(BasicSetup.class));
    }

    @Test
    void parallelSquares() throws Exception {
        ExpectedOutput.parallelSquares(stdoutOf(ParallelSquares.class));
    }

    @Test
    void greeting() throws Exception {
        ExpectedOutput.greeting(stdoutOf(Greeting.class));
    }

    @Test
    void greetingWithArgs() throws Exception {
        ExpectedOutput.greetingWithArgs(stdoutOf(GreetingWithArgs.class));
    }

    @Test
    void squareList() throws Exception {
        ExpectedOutput.squareList(stdoutOf(SquareList.class));
    }

    @Test
    void squareAndEven() throws Exception {
        ExpectedOutput.squareAndEven(stdoutOf(SquareAndEven.class));
    }

    @Test
    void queueIsEven() throws Exception {
        ExpectedOutput.queueIsEven(stdoutOf(QueueIsEven.class));
    }

    @Test
    void pipeHelloWorld() throws Exception {
        ExpectedOutput.pipeHelloWorld(stdoutOf(PipeHelloWorld.class));
    }

    @Test
    void lockedGreeting() throws Exception {
        ExpectedOutput.lockedGreeting(stdoutOf(LockedGreeting.class));
    }

    @Test
    void logToStderr() throws Exception {
        JavaProgram.Result result = run(TIMEOUT, LogToStderr.class);
        assertEquals(0, result.exitCode(), result::describe);
        ExpectedOutput.logToStderr(result.stdoutLines());
        assertEquals(ExpectedOutput.LOG_TO_STDERR_STDERR, result.stderrLines(), result::describe);
    }
}
