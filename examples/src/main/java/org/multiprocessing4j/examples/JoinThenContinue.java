package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 002 ({@code 002_7651477ed023e2d0.txt}), "Creating and Managing Processes", second example:
 * {@code join()} blocks the main process until the worker has finished, so "Worker process
 * executing" is always followed by "Main process completed".
 */
public final class JoinThenContinue {

    private JoinThenContinue() {
    }

    static void worker() {
        System.out.println("Worker process executing");
    }

    public static void main(String[] args) throws Exception {
        Process process = new Process(JoinThenContinue::worker);
        process.start();
        process.join();
        System.out.println("Main process completed");
    }
}
