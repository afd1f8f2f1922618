package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 000 ({@code 000_34581c68504a0ba6.txt}), "Creating and Running Processes", Example 1:
 * Creating and Running a Simple Process. Prints 1 to 5 in a child, then "Process finished
 * execution" in the parent once the child has ended.
 */
public final class SimpleProcess {

    private SimpleProcess() {
    }

    static void printNumbers() {
        for (int i = 1; i < 6; i++) {
            System.out.println(i);
        }
    }

    public static void main(String[] args) throws Exception {
        // Create a process
        Process process = new Process(SimpleProcess::printNumbers);

        // Start the process
        process.start();

        // Wait for the process to finish
        process.join();

        System.out.println("Process finished execution");
    }
}
