package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.shm.MappedSegment;
import org.multiprocessing4j.testing.JavaProgram;

/** Nothing is left in shared memory when a program and all its children are killed with SIGKILL. */
@Timeout(120)
class ResourceTrackerTest {

    /**
     * Creates one of everything (and a child that creates its own), writes the file named by
     * args[0] once all exist, then waits to be killed. args[1] and args[2] are the names of a
     * tracked and an untracked user segment.
     */
    public static final class ProgramToKill {
        public static void main(String[] args) throws Exception {
            Queue<String> queue = new Queue<>();
            queue.put("x".repeat(2 << 20));         // spills into a segment of its own
            Lock lock = new Lock();
            Value.OfInt value = Value.ofInt(1);
            Array.OfDoubles array = Array.ofDoubles(1000);
            Pipe pipe = Pipe.open();
            SharedMemory tracked = SharedMemory.create(args[1], 4096);
            SharedMemory untracked = SharedMemory.create(args[2], 4096, false);
            Connection ready = pipe.right();
            Process child = new Process(() -> {
                Event own = new Event();
                SharedMemory ownMemory = SharedMemory.create(args[1] + "-child", 4096);
                ready.send(List.of(own.toString(), ownMemory.name()));
                Thread.sleep(60_000);
            });
            child.start();
            pipe.left().recv();
            lock.acquire();
            Files.createFile(Path.of(args[0]));
            Thread.sleep(60_000);
            System.out.println(List.of(queue, lock, value, array, tracked, untracked));   // keep them reachable
        }
    }

    @Test
    void segmentsOfAProgramKilledWithItsChildrenAreUnlinked(@TempDir Path dir) throws Exception {
        String tracked = "mp4j-test-tracked-" + UUID.randomUUID(), untracked = "mp4j-test-untracked-" + UUID.randomUUID();
        Path ready = dir.resolve("ready");
        Set<String> before = shm();
        Set<String> created;
        try (JavaProgram program = JavaProgram.start(ProgramToKill.class, ready.toString(), tracked, untracked)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready)) {
                if (System.nanoTime() > deadline || !program.process().isAlive()) {
                    throw new AssertionError("the program did not get ready: " + program.await(java.time.Duration.ofSeconds(1)).describe());
                }
                Thread.sleep(20);
            }
            created = shm();
            created.removeAll(before);
            created.removeIf(name -> name.startsWith("mp4j-" + ProcessHandle.current().pid() + "-"));
            assertTrue(created.contains(tracked) && created.contains(untracked) && created.contains(tracked + "-child"), created.toString());
            assertTrue(created.size() >= 9, "queue, spill, locks, value, array, pipe, event, user segments: " + created);
            // kill -9 the program and its child JVM at once: no shutdown hook runs anywhere
            List<ProcessHandle> jvms = JavaProgram.jvmsBelow(program.process().toHandle());
            program.process().toHandle().destroyForcibly();
            jvms.forEach(ProcessHandle::destroyForcibly);
        }
        created.remove(untracked);
        long start = System.nanoTime();
        Set<String> left = new HashSet<>(created);
        while (!left.isEmpty() && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
            Thread.sleep(100);
            left.retainAll(shm());
        }
        System.out.println("segments of the killed program unlinked after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertEquals(Set.of(), left, "left in " + MappedSegment.DIRECTORY);
        assertTrue(Files.exists(MappedSegment.DIRECTORY.resolve(untracked)), "an untracked segment outlives its creator");
        Files.delete(MappedSegment.DIRECTORY.resolve(untracked));
    }

    private static Set<String> shm() throws IOException {
        try (var files = Files.list(MappedSegment.DIRECTORY)) {
            return new HashSet<>(files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
