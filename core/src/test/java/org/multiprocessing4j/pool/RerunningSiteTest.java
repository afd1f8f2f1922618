package org.multiprocessing4j.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.PoolOptions;
import org.multiprocessing4j.WorkerLostException;
import org.multiprocessing4j.serialize.ByteWriter;
import org.multiprocessing4j.spi.Backends;

/**
 * The pool on a site that runs a lost worker's chunks again (as the cluster's does), with workers
 * that are threads of this JVM running {@link WorkerSession}s: a task "kills its worker" by
 * setting {@link #DIE}, and the worker's channel then ends as a crashed member's does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RerunningSiteTest {

    static final ThreadLocal<Boolean> DIE = ThreadLocal.withInitial(() -> false);
    static final ConcurrentHashMap<Integer, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    /** Workers as threads; a worker whose task set DIE ends without replying, as if its JVM died mid-task. */
    static final class ThreadSite implements WorkerSite {
        final AtomicInteger started = new AtomicInteger();
        static final AtomicInteger DIED = new AtomicInteger();

        @Override
        public WorkerLink start(String name, PoolOptions options) {
            started.incrementAndGet();
            ThreadLink link = new ThreadLink(name, options);
            Thread.ofPlatform().daemon().name(name).start(link::serve);
            return link;
        }

        @Override
        public int maxRuns() {
            return 3;
        }
    }

    static final class ThreadLink implements WorkerLink {
        private static final byte[] END = new byte[0];
        final String name;
        final PoolOptions options;
        final LinkedBlockingQueue<byte[]> toWorker = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<byte[]> toPool = new LinkedBlockingQueue<>();

        ThreadLink(String name, PoolOptions options) {
            this.name = name;
            this.options = options;
        }

        void serve() {
            try {
                ByteWriter reply = new ByteWriter(256);
                WorkerSession session = WorkerSession.open(options.initializer(), options.workerState(), reply);
                toPool.add(reply.toByteArray());
                while (session != null && !session.stopped()) {
                    byte[] message = toWorker.take();
                    if (message == END) break;
                    session.handle(message, reply.reset());
                    if (DIE.get()) {            // died mid-task: its reply is never sent
                        ThreadSite.DIED.incrementAndGet();
                        break;
                    }
                    if (reply.size() > 0) toPool.add(reply.toByteArray());
                }
            } catch (InterruptedException | IOException e) {
                // ends the channel below
            } finally {
                DIE.set(false);
                toPool.add(END);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long pid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public void send(byte[] message, int offset, int length) {
            toWorker.add(java.util.Arrays.copyOfRange(message, offset, offset + length));
        }

        @Override
        public byte[] receive() throws IOException {
            byte[] message = toPool.poll();
            if (message == null) {
                try {
                    message = toPool.take();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
            if (message == END) {
                toPool.add(END);
                throw new EOFException(name + " ended");
            }
            return message;
        }

        @Override
        public void closeChannel() {
        }

        @Override
        public void terminate() {
            toWorker.add(END);
        }

        @Override
        public void kill() {
            toWorker.add(END);
        }

        @Override
        public Integer awaitExit() {
            return null;
        }
    }

    @Test
    void aTaskWhoseWorkerWasLostRunsAgainElsewhereAndNoResultIsLost() throws Exception {
        RUNS.clear();
        ThreadSite.DIED.set(0);
        ThreadSite site = new ThreadSite();
        List<Integer> inputs = IntStream.range(0, 40).boxed().toList();
        try (Pool pool = Backends.factory().pool(PoolOptions.defaults().processes(3), site)) {
            List<Integer> squares = pool.map(x -> {
                int run = RUNS.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
                if (x % 10 == 3 && run == 1) DIE.set(true);     // the first run of 3, 13, 23, 33 loses its worker
                return x * x;
            }, inputs, 1);
            assertEquals(inputs.stream().map(x -> x * x).toList(), squares);
        }
        for (int x : inputs) {
            int runs = RUNS.get(x).get();
            // At least once: tasks sent to the lost worker with the one that lost it (one message) run again too.
            assertTrue(runs >= (x % 10 == 3 ? 2 : 1) && runs <= 3, x + " ran " + runs + " times");
        }
        assertTrue(ThreadSite.DIED.get() >= 1);
        assertEquals(3 + ThreadSite.DIED.get(), site.started.get(), "each lost worker is replaced");
    }

    @Test
    void aTaskThatLosesEveryWorkerFailsAfterMaxRuns() throws Exception {
        RUNS.clear();
        try (Pool pool = Backends.factory().pool(PoolOptions.defaults().processes(2), new ThreadSite())) {
            WorkerLostException e = assertThrows(WorkerLostException.class, () -> pool.apply(() -> {
                RUNS.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                DIE.set(true);
                return 0;
            }));
            assertTrue(e.getMessage().contains("lost 3 times"), e.getMessage());
            assertEquals(3, RUNS.get(-1).get());
            assertEquals(List.of(2, 3), pool.map(x -> x + 1, List.of(1, 2)), "the pool goes on");
        }
    }
}
