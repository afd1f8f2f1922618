package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Pool;

/**
 * Seed 001 ({@code 001_28c0c3afbe74d426.txt}), notebook cell In [3], "Python multiprocessing
 * Pool": a pool of two workers maps {@code workLog} over four pieces of work, each a name and a
 * number of seconds. Each prints " Process A is waiting for 5", sleeps that many seconds and
 * prints " Process A is finished" (with the tutorial's leading space).
 *
 * <p>{@code map} cuts the four items into four chunks of one (the default chunk size), and the pool
 * hands each to whichever worker is free, as CPython's does: A and B start at once, C when B
 * finishes (after 2 s), D when the next worker frees. A (5 s) and C (2 + 3 s) end at the same
 * moment, so which of them ends first, and whose worker takes D, depends on which worker JVM
 * started its first task a little earlier: the notebook shows A's worker taking D, as here.
 * Every other ordering of the notebook's output holds every time:
 * <pre>
 *  Process A is waiting for 5
 *  Process B is waiting for 2
 *  Process B is finished
 *  Process C is waiting for 3
 *  Process A is finished
 *  Process D is waiting for 4
 *  Process C is finished
 *  Process D is finished
 * </pre>
 * It takes about 9 seconds, as in the tutorial. The system property
 * {@value #SECOND_PROPERTY} sets how many milliseconds one of the tutorial's seconds lasts (1000
 * by default; the tests use less); the lines printed stay the tutorial's.
 *
 * <p>The tutorial never closes its pool ({@code p = Pool(2)} without {@code with} or
 * {@code close()}); here a try-with-resources block closes it, which waits for the workers to exit.
 */
public final class PoolWorkLog {

    /** The system property: how many milliseconds one second of the tutorial lasts. */
    static final String SECOND_PROPERTY = "multiprocessing4j.examples.secondMillis";

    private PoolWorkLog() {
    }

    static final List<List<Object>> WORK = List.of(
            List.of("A", 5), List.of("B", 2), List.of("C", 3), List.of("D", 4));

    static Void workLog(List<Object> workData, long secondMillis) throws InterruptedException {
        System.out.println(" Process %s is waiting for %s".formatted(workData.get(0), workData.get(1)));
        Thread.sleep((Integer) workData.get(1) * secondMillis);
        System.out.println(" Process %s is finished".formatted(workData.get(0)));
        return null;
    }

    static void poolHandler(long secondMillis) throws InterruptedException {
        try (Pool p = new Pool(2)) {
            p.map(workData -> workLog(workData, secondMillis), WORK);
        }
    }

    public static void main(String[] args) throws Exception {
        poolHandler(Long.getLong(SECOND_PROPERTY, 1000));
    }
}
