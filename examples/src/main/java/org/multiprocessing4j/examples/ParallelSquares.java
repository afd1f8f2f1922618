package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Process;

/**
 * Seed 003 ({@code 003_a0d78a0bec0a0b14.txt}), "4. Code Example": one process per number, each
 * sleeping a second and printing the square; the lines come in any order.
 */
public final class ParallelSquares {

    private ParallelSquares() {
    }

    static void square(int n) throws InterruptedException {
        Thread.sleep(1000);
        System.out.println("Square of " + n + " is " + n * n);
    }

    public static void main(String[] args) throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Integer> numbers = List.of(1, 2, 3, 4, 5);

        for (int number : numbers) {
            Process p = new Process(() -> square(number));
            processes.add(p);
            p.start();
        }

        for (Process p : processes) {
            p.join();
        }
    }
}
