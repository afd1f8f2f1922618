package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 003 ({@code 003_a0d78a0bec0a0b14.txt}), "3. Getting Started": the basic setup, one worker
 * process started and joined, printing "Worker Function".
 */
public final class BasicSetup {

    private BasicSetup() {
    }

    static void worker() {
        System.out.println("Worker Function");
    }

    public static void main(String[] args) throws Exception {
        Process p = new Process(BasicSetup::worker);
        p.start();
        p.join();
    }
}
