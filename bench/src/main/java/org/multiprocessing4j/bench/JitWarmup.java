package org.multiprocessing4j.bench;

/**
 * An untimed warm-up before a workload's timed part, so that the JVMs involved have compiled the
 * measured path (CPython, an interpreter, has nothing to warm). Its size comes from a system
 * property; 0 gives the cold figure.
 *
 * @param property the system property that sets the count
 * @param count    how many units of work the warm-up does
 */
record JitWarmup(String property, int count) {

    /** The warm-up set by {@code property}, else {@code defaultCount}. */
    static JitWarmup of(String property, int defaultCount) {
        return new JitWarmup(property, Integer.getInteger(property, defaultCount));
    }

    /** The warm-up done as rounds of the timed part's own size {@code n}: how many rounds make {@link #count}. */
    int roundsOf(int n) {
        return (count + n - 1) / n;
    }

    /** How the comment line tells it: {@code what} names the units of work (e.g. "messages"). */
    String describe(String what) {
        return count > 0
                ? "after an untimed JIT warm-up of " + count + " " + what + " (" + property + ")"
                : "with NO JIT warm-up (" + property + "=0: the timed part runs while the JIT compiles it)";
    }
}
