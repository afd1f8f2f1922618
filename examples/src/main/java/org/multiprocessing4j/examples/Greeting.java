package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Introduction to Multiprocessing", first example:
 * a process that prints "hello world" (the tutorial's Python 2 {@code print 'hello world'}).
 */
public final class Greeting {

    private Greeting() {
    }

    static void greeting() {
        System.out.println("hello world");
    }

    public static void main(String[] args) throws Exception {
        Process p = new Process(Greeting::greeting);
        p.start();
        p.join();
    }
}
