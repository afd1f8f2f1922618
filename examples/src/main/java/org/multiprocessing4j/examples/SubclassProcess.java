package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 000 ({@code 000_34581c68504a0ba6.txt}), "Creating and Running Processes", Example 2: Using
 * a Class to Create Processes. Subclasses {@link Process} and overrides {@code run()}; the child
 * runs a copy of the object.
 */
public final class SubclassProcess {

    private SubclassProcess() {
    }

    /** Python's {@code class PrintNumbersProcess(multiprocessing.Process)}. */
    static final class PrintNumbersProcess extends Process {
        @Override
        public void run() {
            for (int i = 1; i < 6; i++) {
                System.out.println(i);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        // Create and start the process
        Process process = new PrintNumbersProcess();
        process.start();

        // Wait for the process to finish
        process.join();

        System.out.println("Process finished execution");
    }
}
