package org.multiprocessing4j.examples;

import java.util.List;
import java.util.stream.IntStream;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Communication Between Processes", Queues: a child
 * puts the even numbers of {@code range(20)} on a queue; the parent joins it, then prints what the
 * queue holds, in order: 0, 2, ..., 18.
 *
 * <p>The tutorial's {@code while q:} never ends (a queue object is always true, so the last
 * {@code q.get()} blocks for ever); as its text says ("we check if the queue is empty"), the loop
 * here is {@code while (!q.empty())}. {@code range(20)} becomes a list of 0 to 19.
 */
public final class QueueIsEven {

    private QueueIsEven() {
    }

    static void isEven(List<Integer> numbers, Queue<Integer> q) throws InterruptedException {
        for (int n : numbers) {
            if (n % 2 == 0) {
                q.put(n);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Queue<Integer> q = new Queue<>();
        List<Integer> numbers = IntStream.range(0, 20).boxed().toList();
        Process p = new Process(() -> isEven(numbers, q));

        p.start();
        p.join();

        while (!q.empty()) {
            System.out.println(q.get());
        }
    }
}
