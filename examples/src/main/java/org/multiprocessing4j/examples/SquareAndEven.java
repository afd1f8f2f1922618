package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Process;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Example", more than one process at the same time:
 * p1 prints the squares, p2 the even numbers, then the parent prints "Done". The two children's
 * lines interleave in any order. As in {@link SquareList}, the list is passed to the functions
 * instead of the tutorial's unused {@code 'x'} argument and parent-only global.
 */
public final class SquareAndEven {

    private SquareAndEven() {
    }

    static void square(List<Integer> numbers) {
        for (int x : numbers) {
            System.out.println("%s squared  is  %s".formatted(x, x * x));
        }
    }

    static void isEven(List<Integer> numbers) {
        for (int x : numbers) {
            if (x % 2 == 0) {
                System.out.println("%s is an even number ".formatted(x));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> numbers = List.of(43, 50, 5, 98, 34, 35);

        Process p1 = new Process(() -> square(numbers));
        Process p2 = new Process(() -> isEven(numbers));

        p1.start();
        p2.start();

        p1.join();
        p2.join();

        System.out.println("Done");
    }
}
