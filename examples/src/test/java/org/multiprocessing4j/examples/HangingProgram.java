package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/** A program that never ends, nor does its child: for {@link JavaProgramTest}. */
final class HangingProgram {

    private HangingProgram() {
    }

    public static void main(String[] args) throws Exception {
        Process child = new Process(() -> Thread.sleep(Long.MAX_VALUE));
        child.start();
        System.out.println("started " + child.pid());
        child.join();
    }
}
