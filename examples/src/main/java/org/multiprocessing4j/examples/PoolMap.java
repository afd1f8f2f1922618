package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Pool;

/**
 * Seed 002 ({@code 002_7651477ed023e2d0.txt}), "Parallel Execution with Process Pools": a pool
 * (of {@code cpu_count()} workers, as {@code Pool()}) maps {@code worker}, which doubles its task,
 * over {@code [1, 2, 3, 4, 5]}; {@code map} returns the results in the order of the tasks, and the
 * parent prints {@code Results: [2, 4, 6, 8, 10]}. Python's {@code with} block is a
 * try-with-resources block.
 */
public final class PoolMap {

    private PoolMap() {
    }

    static int worker(int task) {
        return task * 2;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> tasks = List.of(1, 2, 3, 4, 5);
        List<Integer> results;
        try (Pool pool = new Pool()) {
            results = pool.map(PoolMap::worker, tasks);
        }
        System.out.println("Results: " + results);
    }
}
