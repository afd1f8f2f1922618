package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Process;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Example": one process prints the square of each
 * number, then the parent prints "Done".
 *
 * <p>Two bugs of the tutorial are fixed: its {@code square(x)} ignores its argument (it is passed
 * the string {@code 'x'}) and reads a global {@code numbers} that only exists in the parent, and
 * it calls {@code p.join} without parentheses, so "Done" came first. Here the list is the argument,
 * and {@code join()} is called, so "Done" comes last.
 */
public final class SquareList {

    private SquareList() {
    }

    static void square(List<Integer> numbers) {
        for (int x : numbers) {
            System.out.println("%s squared  is  %s".formatted(x, x * x));
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> numbers = List.of(43, 50, 5, 98, 34, 35);

        Process p = new Process(() -> square(numbers));
        p.start();
        p.join();
        System.out.println("Done");
    }
}
