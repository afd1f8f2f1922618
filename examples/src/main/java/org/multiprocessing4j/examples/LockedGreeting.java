package org.multiprocessing4j.examples;

import java.util.List;
import org.multiprocessing4j.Lock;
import org.multiprocessing4j.Process;

/**
 * Seed 004 ({@code 004_0c5296518281c76a.txt}), "Locks": six processes, one per name, each acquires
 * the shared {@link Lock}, prints {@code hello <name>} and releases it. The lock travels to each
 * child captured by its target. (Python 2's {@code print 'hello', i} prints {@code hello Alex}.)
 *
 * <p>The processes race for the lock, so the six lines come in any order (the tutorial shows them
 * in list order), each whole. As in the tutorial, the parent never joins them: when {@code main}
 * returns, the JVM waits for its non-daemonic children, as CPython does.
 * {@code try (var held = l.hold()) { ... }} is the Java idiom for the same acquire and release.
 */
public final class LockedGreeting {

    private LockedGreeting() {
    }

    static void greeting(Lock l, String i) throws InterruptedException {
        l.acquire();
        try {
            System.out.println("hello " + i);
        } finally {
            l.release();
        }
    }

    public static void main(String[] args) throws Exception {
        Lock lock = new Lock();
        List<String> names = List.of("Alex", "sam", "Bernard", "Patrick", "Jude", "Williams");

        for (String name : names) {
            new Process(() -> greeting(lock, name)).start();
        }
    }
}
