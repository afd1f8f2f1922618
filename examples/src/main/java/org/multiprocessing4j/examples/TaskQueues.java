package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * Seed 001 ({@code 001_28c0c3afbe74d426.txt}), notebook cell In [1] under "Python Multiprocessing
 * Lock Class": two queues, one of tasks and one of completion messages, and four worker processes.
 * Each worker takes a task with {@code getNowait()} (stopping on {@link Queue.Empty}, Python's
 * {@code queue.Empty}), prints it, puts "<task> is done by <its name>" on the second queue
 * ({@code current_process().name} is {@link Multiprocessing#currentProcess()}{@code .name()}) and
 * sleeps 5 seconds. As the tutorial says, the queues need no {@code Lock}: a {@link Queue} is
 * already process-safe.
 *
 * <p>The tutorial's {@code return True} sits inside the {@code while} loop, so each worker does one
 * task and returns: only tasks 0 to 3 of the ten are done, as the notebook's output shows, and it
 * is kept that way. The 5-second sleep is kept too (the workers sleep in parallel, so the example
 * takes about 5 seconds plus the start of four JVMs).
 *
 * <p>The workers race for the tasks, so their four lines come in any order and which worker gets
 * which task varies (the notebook happened to show task i done by Process-(i+1)); the parent prints
 * the four completion lines after joining every worker. (CPython's {@code get_nowait()} can raise
 * {@code Empty} on a non-empty queue while another process holds the queue's read lock,
 * cpython#87302; a worker that hit it would do no task. The output shown here assumes it does not.)
 */
public final class TaskQueues {

    private TaskQueues() {
    }

    static boolean doJob(Queue<String> tasksToAccomplish, Queue<String> tasksThatAreDone) throws InterruptedException {
        while (true) {
            String task;
            try {
                // try to get task from the queue. getNowait() throws Queue.Empty if the queue is empty.
                task = tasksToAccomplish.getNowait();
            } catch (Queue.Empty e) {
                break;
            }
            // if no exception has been raised, add the task completion message to tasksThatAreDone
            System.out.println(task);
            tasksThatAreDone.put(task + " is done by " + Multiprocessing.currentProcess().name());
            Thread.sleep(5000);
            return true;   // as in the tutorial: inside the loop, so one task per process
        }
        return false;      // Python's implicit None, after queue.Empty
    }

    public static void main(String[] args) throws Exception {
        int numberOfTask = 10;
        int numberOfProcesses = 4;
        Queue<String> tasksToAccomplish = new Queue<>();
        Queue<String> tasksThatAreDone = new Queue<>();
        List<Process> processes = new ArrayList<>();

        for (int i = 0; i < numberOfTask; i++) {
            tasksToAccomplish.put("Task no " + i);
        }

        // creating processes
        for (int w = 0; w < numberOfProcesses; w++) {
            Process p = new Process(() -> doJob(tasksToAccomplish, tasksThatAreDone));
            processes.add(p);
            p.start();
        }

        // completing process
        for (Process p : processes) {
            p.join();
        }

        // print the output
        while (!tasksThatAreDone.empty()) {
            System.out.println(tasksThatAreDone.get());
        }
    }
}
