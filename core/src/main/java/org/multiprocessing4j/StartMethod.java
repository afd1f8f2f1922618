package org.multiprocessing4j;

/**
 * How {@link Process#start()} gets a child JVM: CPython's start methods, chosen with
 * {@link Multiprocessing#setStartMethod}.
 */
public enum StartMethod {

    /**
     * A fresh JVM per process, booted by {@code start()} (CPython's {@code spawn}); the default: the
     * library starts no JVM a program did not ask for.
     */
    SPAWN,

    /**
     * JVMs booted ahead of need, waiting with the library loaded, so that {@code start()} hands a
     * process to one already running (CPython's {@code forkserver}, reimagined: a JVM cannot fork).
     * Each still runs one process and exits. A start with JVM options that have no idle JVM boots
     * one cold and has one booted for next time, so a program warms up after its first start (a
     * pool of four, after its first four workers); {@link Multiprocessing#prestart} boots ahead.
     * Idle JVMs cost memory (tens of MB each) and end when this JVM does, or when the start
     * method is set back to {@link #SPAWN}.
     */
    WARM
}
