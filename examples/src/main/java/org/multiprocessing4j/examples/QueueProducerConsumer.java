package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.Queue;

/**
 * Seed 000 ({@code 000_34581c68504a0ba6.txt}), "Inter-Process Communication (IPC)", 1. Queue: a
 * producer process puts five items on a queue, printing each; a consumer process takes and prints
 * them until it gets {@code None}, which the parent puts once the producer has ended. Java's
 * {@code null} is the sentinel (a {@link Queue} carries {@code null} items, as CPython's carries
 * {@code None}). Python's {@code args=(queue,)} becomes a lambda capturing the queue, which travels
 * to the child. (The tutorial's module-level {@code queue = multiprocessing.Queue()}, replaced in
 * {@code __main__} before any use, is left out.)
 *
 * <p>The two children print in parallel, so their lines interleave; each prints its own in item
 * order, and "Produced item i" comes before "Consumed item i+1" (the producer prints it before
 * putting the next item). The tutorial shows no output.
 */
public final class QueueProducerConsumer {

    private QueueProducerConsumer() {
    }

    static void producer(Queue<String> queue) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            queue.put("item " + i);
            System.out.println("Produced item " + i);
        }
    }

    static void consumer(Queue<String> queue) throws InterruptedException {
        while (true) {
            String item = queue.get();
            if (item == null) {
                break;
            }
            System.out.println("Consumed " + item);
        }
    }

    public static void main(String[] args) throws Exception {
        // Create the queue
        Queue<String> queue = new Queue<>();

        // Create and start producer and consumer processes
        Process producerProcess = new Process(() -> producer(queue));
        Process consumerProcess = new Process(() -> consumer(queue));
        producerProcess.start();
        consumerProcess.start();

        // Wait for the producer process to finish
        producerProcess.join();

        // Stop the consumer process
        queue.put(null);
        consumerProcess.join();
    }
}
