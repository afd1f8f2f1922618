package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Introduction to Multiprocessing", second example:
 * passing arguments to the target. Python's {@code args=('world',)} becomes a lambda capturing
 * the argument.
 */
public final class GreetingWithArgs {

    private GreetingWithArgs() {
    }

    static void greeting(String name) {
        System.out.println("hello" + " " + name);
    }

    public static void main(String[] args) throws Exception {
        Process p = new Process(() -> greeting("world"));
        p.start();
        p.join();
    }
}
