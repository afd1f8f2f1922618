package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocked waits sleep in the kernel: a child blocked on an empty queue, a held lock, an unset
 * event or a silent pipe uses almost no CPU. (A busy loop would use a whole core: 1.5 s of CPU in
 * the 1.5 s window.)
 */
@Timeout(120)
class IdleWaitTest {

    private static final Duration WINDOW = Duration.ofMillis(1500);
    /** Generous: JIT and GC threads of a fresh JVM, and the fallback's parking, stay far below it. */
    private static final Duration MAX_CPU = Duration.ofMillis(400);

    @Test
    void blockedChildrenDoNotBurnACpu() throws Exception {
        Queue<String> queue = new Queue<>();
        Lock lock = new Lock();
        Event event = new Event();
        Pipe pipe = Pipe.open();
        Pipe ready = Pipe.open(false);
        Connection silent = pipe.right(), readyOut = ready.right();
        lock.acquire();
        Process onQueue = new Process(() -> {
            readyOut.send("queue");
            queue.get();
        });
        Process onLock = new Process(() -> {
            readyOut.send("lock");
            lock.acquire();
            lock.release();
        });
        Process onEvent = new Process(() -> {
            readyOut.send("event");
            event.await();
        });
        Process onPipe = new Process(() -> {
            readyOut.send("pipe");
            silent.recv();
        });
        Process[] children = {onQueue, onLock, onEvent, onPipe};
        for (Process p : children) p.start();
        for (int i = 0; i < children.length; i++) {
            assertTrue(ready.left().poll(Duration.ofSeconds(30)), "a child never got to its wait");
            ready.left().recv();
        }
        Thread.sleep(300);                          // let them settle into their waits

        Duration[] before = new Duration[children.length];
        for (int i = 0; i < children.length; i++) before[i] = cpu(children[i]);
        Thread.sleep(WINDOW.toMillis());
        for (int i = 0; i < children.length; i++) {
            Duration used = cpu(children[i]).minus(before[i]);
            System.out.println("CPU used in " + WINDOW.toMillis() + " ms while blocked (" + i + "): " + used.toMillis() + " ms");
            assertTrue(used.compareTo(MAX_CPU) < 0, "child " + i + " used " + used.toMillis() + " ms of CPU while blocked");
        }

        queue.put("wake");
        lock.release();
        event.set();
        pipe.left().send("wake");
        for (Process p : children) {
            assertTrue(p.join(Duration.ofSeconds(30)));
            assertEquals(0, p.exitCode().getAsInt());
        }
        pipe.left().close();
        silent.close();
        ready.left().close();
        readyOut.close();
    }

    private static Duration cpu(Process p) {
        return ProcessHandle.of(p.pid()).orElseThrow().info().totalCpuDuration().orElseThrow();
    }
}
