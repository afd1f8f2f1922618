package org.multiprocessing4j.bench;

import java.util.List;
import java.util.stream.IntStream;
import org.multiprocessing4j.Pool;

/** What the four pool workloads share, as {@code bench.py}'s {@code double} and {@code _warm_pool}. */
final class Pools {

    /** The pool size of every pool workload. */
    static final int PROCESSES = 2;
    /** The items of the untimed map that makes sure both workers are up before a timed part. */
    private static final List<Integer> STARTUP_ITEMS = range(16);

    private Pools() {
    }

    /** The task of every pool workload: {@code x -> x * 2}. */
    static Integer twice(Integer x) {
        return x * 2;
    }

    /** 0 .. n-1, boxed. */
    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /**
     * A pool of {@link #PROCESSES} whose workers have started and run a task: {@code map} over 16
     * items, untimed, as {@code bench.py}'s {@code _warm_pool()}.
     */
    static Pool started() throws InterruptedException {
        Pool pool = new Pool(PROCESSES);
        try {
            check(pool.map(Pools::twice, STARTUP_ITEMS), STARTUP_ITEMS.size());
            return pool;
        } catch (RuntimeException | Error | InterruptedException e) {
            pool.terminate();
            throw e;
        }
    }

    /** Checks that {@code results} are the doubles of 0 .. n-1, in order. */
    static void check(List<Integer> results, int n) {
        if (results.size() != n) throw new IllegalStateException("pool: " + results.size() + " results, expected " + n);
        for (int i = 0; i < n; i++) {
            if (results.get(i) != 2 * i) throw new IllegalStateException("pool: result " + i + " is " + results.get(i));
        }
    }

    /** The sum of the doubles of 0 .. n-1. */
    static long sumOfDoubles(int n) {
        return (long) n * (n - 1);
    }
}
