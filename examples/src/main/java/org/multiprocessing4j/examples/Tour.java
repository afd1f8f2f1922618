package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;

/**
 * Runs every example, in the order of the seed tutorials, each after a header line naming the
 * seed and its section. After each example, any child still running (one that was started and
 * never joined, as in {@link StartWithoutJoin}) is joined, so no output runs into the next
 * example's.
 *
 * <p>Run it with {@code ./mvnw -q -DskipTests package exec:exec@tour} from the {@code examples}
 * directory (after installing the core).
 */
public final class Tour {

    private Tour() {
    }

    /** An example's {@code main}. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    /** One stop of the tour: the seed number, the section it ports and the example's {@code main}. */
    record Example(String seed, String section, Main main) {
        String header() {
            return "=== " + seed + " " + section + " ===";
        }
    }

    /** The examples, in seed order. */
    static final List<Example> EXAMPLES = List.of(
            new Example("000", "Example 1: Creating and Running a Simple Process", SimpleProcess::main),
            new Example("000", "Example 2: Using a Class to Create Processes", SubclassProcess::main),
            new Example("000", "Inter-Process Communication (IPC) 1. Queue", QueueProducerConsumer::main),
            new Example("000", "Inter-Process Communication (IPC) 2. Pipe", PipeSenderReceiver::main),
            new Example("000", "Example Workflow", WorkflowWorkers::main),
            new Example("001", "In [6]: mp.cpu_count()", CpuCount::main),
            new Example("001", "In [9]: Process class, start() and join()", Continents::main),
            new Example("001", "In [10]: Queue class, put() and get()", ColorsQueue::main),
            new Example("001", "In [1]: Lock Class task: two queues, get_nowait()", TaskQueues::main),
            new Example("001", "In [3]: Python multiprocessing Pool", PoolWorkLog::main),
            new Example("002", "Creating and Managing Processes: start()", StartWithoutJoin::main),
            new Example("002", "Creating and Managing Processes: join()", JoinThenContinue::main),
            new Example("002", "Sharing Data between Processes: Value", SharedValue::main),
            new Example("002", "Synchronization Mechanisms: Lock and Manager().list()", LockedSharedList::main),
            new Example("002", "Parallel Execution with Process Pools: map()", PoolMap::main),
            new Example("002", "Handling Exceptions and Errors: apply_async()", PoolApplyAsyncError::main),
            new Example("003", "3. Getting Started", BasicSetup::main),
            new Example("003", "4. Code Example", ParallelSquares::main),
            new Example("004", "Introduction to Multiprocessing: Process(target=greeting)", Greeting::main),
            new Example("004", "Introduction to Multiprocessing: args=('world',)", GreetingWithArgs::main),
            new Example("004", "Example: the square of numbers", SquareList::main),
            new Example("004", "Example: more than one process at the same time", SquareAndEven::main),
            new Example("004", "Communication Between Processes: Queues", QueueIsEven::main),
            new Example("004", "Communication Between Processes: Pipes", PipeHelloWorld::main),
            new Example("004", "Locks", LockedGreeting::main),
            new Example("004", "Logging", LogToStderr::main));

    public static void main(String[] args) throws Exception {
        for (Example example : EXAMPLES) {
            System.out.println(example.header());
            example.main().main(args);
            for (Process child : Multiprocessing.activeChildren()) {
                child.join();
            }
            System.out.flush();
            System.err.flush();
        }
    }
}
