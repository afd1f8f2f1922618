package org.multiprocessing4j.examples;

import org.multiprocessing4j.Process;
import org.multiprocessing4j.Value;

/**
 * Seed 002 ({@code 002_7651477ed023e2d0.txt}), "Sharing Data between Processes", Shared Memory
 * Objects: a child increments a shared {@code Value("i", 0)}; the parent then prints 1. Python's
 * {@code value.value += 1} is {@code value.set(value.get() + 1)}.
 */
public final class SharedValue {

    private SharedValue() {
    }

    static void worker(Value.OfInt value) {
        value.set(value.get() + 1);
    }

    public static void main(String[] args) throws Exception {
        Value.OfInt value = Value.ofInt(0);
        Process process = new Process(() -> worker(value));
        process.start();
        process.join();
        System.out.println("Value: " + value.get());
    }
}
