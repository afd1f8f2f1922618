package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Queue;

/**
 * Seed 001 ({@code 001_28c0c3afbe74d426.txt}), notebook cell In [10]: a {@link Queue} is first in,
 * first out. The parent pushes four colors, then pops them while the queue is not empty; no child
 * process is involved. Python's {@code print('Item no.', count, ' ', cols)} separates its arguments
 * with spaces, hence the three spaces before each color.
 *
 * <p>In CPython, {@code empty()} right after {@code put()} may still say true (a feeder thread
 * writes the items to the pipe in the background); here {@code put} returns once the item is in
 * shared memory, so the loop always sees all four.
 */
public final class ColorsQueue {

    private ColorsQueue() {
    }

    public static void main(String[] args) throws Exception {
        List<String> colors = List.of("red", "black", "blue", "green");

        int count = 1;

        // Instantiating a Queue Object
        Queue<String> queue = new Queue<>();

        System.out.println("Pushing items to Queue");
        for (String cols : colors) {
            System.out.println("Item no. " + count + "   " + cols);
            queue.put(cols);
            count = count + 1;
        }

        System.out.println("Popping items from Queue");
        count = 0;
        while (!queue.empty()) {
            System.out.println("item no :  " + count + "   " + queue.get());
            count = count + 1;
        }
    }
}
