package org.multiprocessing4j.examples;

import java.util.ArrayList;
import java.util.List;
import org.multiprocessing4j.Process;

/**
 * Seed 000 ({@code 000_34581c68504a0ba6.txt}), "Example Workflow": five workers run in parallel,
 * each printing its number and sleeping a second; the parent joins them all, then prints "All
 * processes finished execution". The workers' lines come in any order.
 */
public final class WorkflowWorkers {

    private WorkflowWorkers() {
    }

    /** Worker function (the tutorial's docstring says "Thread worker function"; it runs in a process). */
    static void worker(int num) throws InterruptedException {
        System.out.println("Worker: " + num);
        Thread.sleep(1000);
    }

    public static void main(String[] args) throws Exception {
        List<Process> jobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int num = i;
            Process p = new Process(() -> worker(num));
            jobs.add(p);
            p.start();
        }

        for (Process job : jobs) {
            job.join();
        }

        System.out.println("All processes finished execution");
    }
}
