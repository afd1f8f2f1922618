package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 002 ({@code 002_7651477ed023e2d0.txt}), "Creating and Managing Processes", first example:
 * start a process and never join it. As in CPython, when {@code main} returns the JVM waits for
 * its non-daemonic children, so "Worker process executing" is still printed.
 */
public final class StartWithoutJoin {

    private StartWithoutJoin() {
    }

    static void worker() {
        System.out.println("Worker process executing");
    }

    public static void main(String[] args) throws Exception {
        Process process = new Process(StartWithoutJoin::worker);
        process.start();
    }
}
