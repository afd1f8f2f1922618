package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.AsyncResult;
import org.multiprocessing4j.Pool;

/**
 * Seed 002 ({@code 002_7651477ed023e2d0.txt}), "Handling Exceptions and Errors", "apply_async()
 * and ExceptionPool": each of the tasks {@code [1, 2, 0, 4, 5]} is submitted with
 * {@code applyAsync}; {@code worker} doubles its task but throws for 0 (Python's
 * {@code ValueError("Invalid task value")} is an {@link IllegalArgumentException}). Then the parent
 * {@code get()}s every result. It prints
 * <pre>
 * Task 0 failed: Invalid task value
 * Output: [2, 4, 8, 10]
 * </pre>
 *
 * <p>The tutorial's prose is wrong: it says the exception "is caught internally, and the execution
 * continues for other tasks", and that the output list holds the results of the tasks that did
 * not fail. In CPython, {@code result.get()} re-raises the worker's {@code ValueError} in the
 * parent, at the third task, so the list comprehension stops there and the program dies with the
 * traceback, never printing "Output:". (Nor is there an {@code ExceptionPool} class in
 * {@code multiprocessing.pool}.) Here, as in CPython, {@link AsyncResult#get()} re-throws the
 * task's exception in the parent, as the same type and with its message (the worker's stack trace
 * attached as its cause); to do what the prose means, the parent catches it around each
 * {@code get()}, prints which task failed and why, and keeps the results of the others.
 */
public final class PoolApplyAsyncError {

    private PoolApplyAsyncError() {
    }

    static int worker(int task) {
        if (task == 0) {
            throw new IllegalArgumentException("Invalid task value");
        }
        return task * 2;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> tasks = List.of(1, 2, 0, 4, 5);
        try (Pool pool = new Pool()) {
            List<AsyncResult<Integer>> results = new ArrayList<>();
            for (int task : tasks) {
                results.add(pool.applyAsync(PoolApplyAsyncError::worker, task));
            }
            List<Integer> output = new ArrayList<>();
            for (int i = 0; i < tasks.size(); i++) {
                try {
                    output.add(results.get(i).get());
                } catch (IllegalArgumentException e) {
                    System.out.println("Task " + tasks.get(i) + " failed: " + e.getMessage());
                }
            }
            System.out.println("Output: " + output);
        }
    }
}
