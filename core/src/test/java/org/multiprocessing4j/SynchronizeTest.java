package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.EOFException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lock, RLock, Semaphore, BoundedSemaphore, Event, Condition and Barrier across processes and
 * threads: CPython's test_lock, test_rlock, _TestSemaphore, _TestCondition, _TestEvent and
 * _TestBarrier, plus the recovery of locks held by processes that die.
 *
 * <p>Children cost a JVM boot each, so most tests share a pool of {@value #WORKERS} long-lived
 * worker processes that run {@link Task}s sent to them through their pipe (which also checks that
 * every synchronization object works after travelling through a {@link Connection}). Tests that
 * kill or halt a child, or need an object captured by a target, start their own.
 */
@Timeout(180)
class SynchronizeTest {

    private static final Duration LONG = Duration.ofSeconds(20);
    /** How long "nothing else happens" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final int WORKERS = 4;

    private static final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    // ---------------------------------------------------------------------------------------------
    // The worker pool

    /** Work for a worker; it may talk on {@code conn} (its end of its pipe) before returning. */
    @FunctionalInterface
    interface Task extends Serializable {
        Object run(Connection conn) throws Exception;
    }

    /** What a worker sends when a task returned. */
    record Done(Object value) implements Serializable {
    }

    /** What a worker sends when a task threw. */
    record Failed(String trace) implements Serializable {
    }

    /** A child JVM that runs the tasks it receives, one at a time, until its pipe closes. */
    static final class Worker {
        final Process process;
        final Connection conn;

        Worker() {
            Pipe pipe = Pipe.open();
            Connection child = pipe.right();
            process = new Process(() -> serve(child));
            process.setDaemon(true);
            process.start();
            child.close();
            conn = pipe.left();
        }

        private static void serve(Connection conn) throws Exception {
            while (true) {
                Task task;
                try {
                    task = conn.recv();
                } catch (EOFException e) {
                    return;
                }
                Object reply;
                try {
                    reply = new Done(task.run(conn));
                } catch (Throwable t) {
                    StringWriter trace = new StringWriter();
                    t.printStackTrace(new PrintWriter(trace));
                    reply = new Failed(trace.toString());
                }
                conn.send(reply);
            }
        }

        void submit(Task task) throws Exception {
            conn.send(task);
        }

        /** The next message the worker sends (a task's own message, or a task's {@link Done}). */
        Object next() throws Exception {
            if (!conn.poll(LONG)) fail("worker " + process.pid() + " sent nothing within " + LONG);
            Object message = conn.recv();
            if (message instanceof Failed f) fail("task failed in worker " + process.pid() + ":\n" + f.trace());
            return message;
        }

        /** The result of the task submitted last. */
        @SuppressWarnings("unchecked")
        <T> T result() throws Exception {
            return (T) assertInstanceOf(Done.class, next()).value();
        }

        <T> T call(Task task) throws Exception {
            submit(task);
            return result();
        }

        /** True if the worker answers a ping within {@code timeout}, skipping stale messages. */
        boolean healthy(Duration timeout) {
            try {
                long token = System.nanoTime();
                conn.send((Task) c -> token);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (conn.poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    if (conn.recv() instanceof Done d && Long.valueOf(token).equals(d.value())) return true;
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        }

        void stop() throws InterruptedException {
            conn.close();
            if (!process.join(Duration.ofSeconds(10))) {
                process.kill();
                process.join(Duration.ofSeconds(10));
            }
        }
    }

    @BeforeAll
    static void startWorkers() {
        for (int i = 0; i < WORKERS; i++) workers.add(new Worker());
    }

    @AfterAll
    static void stopWorkers() throws InterruptedException {
        for (Worker w : workers) w.stop();
        workers.clear();
    }

    /** Replaces any worker left busy or broken by a failed test, and joins this test's threads. */
    @AfterEach
    void checkWorkersAndThreads() throws InterruptedException {
        for (int i = 0; i < workers.size(); i++) {
            Worker w = workers.get(i);
            if (!w.healthy(Duration.ofSeconds(10))) {
                System.out.println("replacing worker " + w.process.pid() + ", left busy by the test");
                w.process.kill();
                w.stop();
                workers.set(i, new Worker());
            }
        }
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), t + " still running");
        }
    }

    private static Worker worker(int i) {
        return workers.get(i);
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** Starts a daemon thread of this test (joined after the test). */
    private void thread(Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** The messages of {@code sources} (unwrapping {@link Done}), until {@code n} or a timeout. */
    private static List<Object> collect(List<Connection> sources, int n, Duration timeout) throws Exception {
        List<Object> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < n) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) break;
            for (Object ready : Connection.waitForAny(sources, Duration.ofNanos(remaining))) {
                Object message = ((Connection) ready).recv();
                if (message instanceof Failed f) fail("task failed in a worker:\n" + f.trace());
                got.add(message instanceof Done d ? d.value() : message);
            }
        }
        return got;
    }

    private static void assertQuiet(List<Connection> sources, String what) throws Exception {
        List<Object> extra = collect(sources, 1, QUIET);
        assertEquals(List.of(), extra, what);
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void acquireAny(Object o) throws InterruptedException {
        if (o instanceof SharedLock l) l.acquire(); else ((Semaphore) o).acquire();
    }

    private static boolean acquireAny(Object o, Duration timeout) throws InterruptedException {
        return o instanceof SharedLock l ? l.acquire(timeout) : ((Semaphore) o).acquire(timeout);
    }

    private static void releaseAny(Object o) {
        if (o instanceof SharedLock l) l.release(); else ((Semaphore) o).release();
    }

    // ---------------------------------------------------------------------------------------------
    // Lock

    @Test
    void lockAcquireReleaseAndMisuse() throws Exception {
        Lock lock = new Lock();
        assertFalse(lock.isLocked());
        assertFalse(lock.isHeldByCurrentThread());
        lock.acquire();
        assertTrue(lock.isLocked());
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(lock.acquire(Duration.ZERO));
        long start = System.nanoTime();
        assertFalse(lock.acquire(Duration.ofMillis(100)));
        assertTrue(millisSince(start) >= 90, millisSince(start) + " ms");
        assertFalse(lock.acquire(Duration.ofMillis(-5)), "a negative timeout does not wait");
        assertTrue(lock.toString().contains("locked"), lock.toString());
        lock.release();
        assertFalse(lock.isLocked());
        assertFalse(lock.isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, lock::release);
        assertFalse(lock.isLocked(), "a failed release changes nothing");

        assertTrue(lock.acquire(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> {
            Lock fresh = new Lock();
            fresh.release();
        });
        // Not owned, as in CPython: another thread may release it.
        Thread other = new Thread(lock::release);
        other.start();
        other.join(10_000);
        assertFalse(lock.isLocked());
        assertFalse(lock.isHeldByCurrentThread(), "released by another thread of this process");
    }

    @Test
    void lockHoldInTryWithResources() throws Exception {
        Lock lock = new Lock();
        try (Held held = lock.hold()) {
            assertTrue(lock.isLocked());
            assertFalse(lock.acquire(Duration.ZERO));
        }
        assertFalse(lock.isLocked());
        assertThrows(ArithmeticException.class, () -> {
            try (Held held = lock.hold()) {
                throw new ArithmeticException("inside");
            }
        });
        assertFalse(lock.isLocked(), "released when the block throws");
    }

    @Test
    void lockHeldByChildIsLockedInParentAndFreedByIt() throws Exception {
        Lock lock = new Lock();
        Event release = new Event();
        worker(0).submit(conn -> {
            lock.acquire();
            conn.send("held");
            if (!release.await(LONG)) throw new AssertionError("no go");
            lock.release();
            return lock.isLocked();
        });
        assertEquals("held", worker(0).next());
        assertTrue(lock.isLocked());
        assertFalse(lock.isHeldByCurrentThread());
        assertFalse(lock.acquire(Duration.ZERO));
        assertFalse(lock.acquire(Duration.ofMillis(150)));
        release.set();
        assertEquals(false, worker(0).result());
        assertFalse(lock.isLocked());

        // A lock left held by a child may be released by the parent (no owner, as in CPython).
        assertEquals(true, worker(0).call(conn -> lock.acquire(Duration.ZERO)));
        assertTrue(lock.isLocked());
        lock.release();
        assertFalse(lock.isLocked());
        assertTrue(lock.acquire(Duration.ZERO));
        assertEquals(false, worker(1).call(conn -> lock.acquire(Duration.ofMillis(100))));
        lock.release();
    }

    /**
     * Each party adds to a counter in a file, read-modify-write with 20 µs in between, and flags
     * whether it found another party inside: without the lock, updates are lost and overlaps seen
     * (checked by hand: without it, about a third of the increments are lost).
     */
    static long[] incrementUnderLock(Lock lock, String file, int times, Event go) throws Exception {
        if (!go.await(LONG)) throw new AssertionError("no go");
        long overlaps = 0;
        try (RandomAccessFile f = new RandomAccessFile(file, "rw")) {
            for (int i = 0; i < times; i++) {
                try (Held held = lock.hold()) {
                    f.seek(0);
                    if (f.readLong() != 0) overlaps++;
                    f.seek(0);
                    f.writeLong(ProcessHandle.current().pid());
                    f.seek(8);
                    long n = f.readLong();
                    long until = System.nanoTime() + 20_000;      // widen the window a lock must close
                    while (System.nanoTime() < until) Thread.onSpinWait();
                    f.seek(8);
                    f.writeLong(n + 1);
                    f.seek(0);
                    f.writeLong(0);
                }
            }
        }
        return new long[] {overlaps};
    }

    @Test
    void lockExcludesProcessesAndThreads(@TempDir Path dir) throws Exception {
        Path counter = dir.resolve("counter");
        Files.write(counter, new byte[16]);
        String file = counter.toString();
        Lock lock = new Lock();
        Event go = new Event();
        int times = 1000, threadCount = 2;
        for (int i = 0; i < WORKERS; i++) worker(i).submit(conn -> incrementUnderLock(lock, file, times, go));
        List<long[]> threadResults = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threadCount; i++) thread(() -> threadResults.add(incrementUnderLock(lock, file, times, go)));
        go.set();
        long overlaps = 0;
        for (int i = 0; i < WORKERS; i++) overlaps += worker(i).<long[]>result()[0];
        for (Thread t : threads) t.join(LONG.toMillis());
        assertEquals(threadCount, threadResults.size());
        for (long[] r : threadResults) overlaps += r[0];
        long count;
        try (RandomAccessFile f = new RandomAccessFile(file, "r")) {
            f.seek(8);
            count = f.readLong();
        }
        assertEquals((WORKERS + threadCount) * times + " increments, 0 overlaps", count + " increments, " + overlaps + " overlaps");
        assertFalse(lock.isLocked());
    }

    // ---------------------------------------------------------------------------------------------
    // RLock

    @Test
    void rlockIsReentrantAndOwned() throws Exception {
        RLock lock = new RLock();
        assertFalse(lock.isHeldByCurrentThread());
        lock.acquire();
        assertTrue(lock.acquire(Duration.ZERO));
        try (Held held = lock.hold()) {
            assertTrue(lock.isHeldByCurrentThread());
        }
        lock.acquire();
        assertTrue(lock.isHeldByCurrentThread());

        // Another thread can neither release nor take it.
        List<Object> seen = new CopyOnWriteArrayList<>();
        Thread other = new Thread(() -> {
            try {
                lock.release();
                seen.add("released");
            } catch (IllegalStateException e) {
                seen.add("refused");
            }
            try {
                seen.add(lock.acquire(Duration.ZERO));
                seen.add(lock.acquire(Duration.ofMillis(100)));
                seen.add(lock.isHeldByCurrentThread());
            } catch (InterruptedException e) {
                seen.add(e);
            }
        });
        other.start();
        other.join(10_000);
        assertEquals(List.of("refused", false, false, false), seen);

        lock.release();
        lock.release();
        assertTrue(lock.isHeldByCurrentThread(), "held once more");
        lock.release();
        assertFalse(lock.isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, lock::release);
        assertTrue(lock.toString().contains("unlocked"), lock.toString());

        // Free now: another thread takes it.
        Thread taker = new Thread(() -> {
            try {
                seen.add(lock.acquire(Duration.ZERO));
                lock.release();
            } catch (InterruptedException e) {
                seen.add(e);
            }
        });
        taker.start();
        taker.join(10_000);
        assertEquals(true, seen.getLast());
    }

    /** What a child saw of an RLock another process holds. */
    record Attempt(boolean acquired, long millis, boolean releaseRefused) implements Serializable {
    }

    static Attempt tryRLock(RLock lock, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        boolean acquired = lock.acquire(timeout);
        long millis = millisSince(start);
        boolean refused = false;
        if (!acquired) {
            try {
                lock.release();
            } catch (IllegalStateException e) {
                refused = true;
            }
        }
        return new Attempt(acquired, millis, refused);
    }

    @Test
    void rlockExcludesOtherProcesses() throws Exception {
        RLock lock = new RLock();
        lock.acquire();
        lock.acquire();
        Attempt a = worker(0).call(conn -> tryRLock(lock, Duration.ofMillis(200)));
        assertFalse(a.acquired());
        assertTrue(a.millis() >= 150, a.millis() + " ms");
        assertTrue(a.releaseRefused());
        assertTrue(lock.isHeldByCurrentThread(), "the child's release changed nothing");
        lock.release();
        assertFalse(worker(0).<Attempt>call(conn -> tryRLock(lock, Duration.ZERO)).acquired(), "still held once");
        lock.release();

        // The child takes it twice in one task and gives it back in a later one (same thread).
        assertEquals(true, worker(1).call(conn -> lock.acquire(Duration.ofSeconds(5)) && lock.acquire(Duration.ZERO)));
        assertFalse(lock.acquire(Duration.ZERO));
        assertFalse(lock.isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, lock::release);
        assertEquals("free", worker(1).call(conn -> {
            lock.release();
            if (!lock.isHeldByCurrentThread()) return "lost count";
            lock.release();
            try {
                lock.release();
                return "third release accepted";
            } catch (IllegalStateException e) {
                return "free";
            }
        }));
        assertTrue(lock.acquire(Duration.ZERO));
        lock.release();
    }

    // ---------------------------------------------------------------------------------------------
    // Semaphore, BoundedSemaphore

    @Test
    void semaphoreCountsUpAndDown() throws Exception {
        Semaphore sem = new Semaphore(2);
        assertEquals(2, sem.availablePermits());
        assertTrue(sem.acquire(Duration.ZERO));
        assertEquals(1, sem.availablePermits());
        sem.acquire();
        assertEquals(0, sem.availablePermits());
        assertFalse(sem.acquire(Duration.ZERO));
        assertEquals(0, sem.availablePermits());
        for (int i = 1; i <= 4; i++) {
            sem.release();
            assertEquals(i, sem.availablePermits());
        }
        try (Held held = sem.hold()) {
            assertEquals(3, sem.availablePermits());
        }
        assertEquals(4, sem.availablePermits());
        assertTrue(sem.toString().contains("4"), sem.toString());
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    }

    @Test
    void semaphoreZeroTimesOut() throws Exception {
        Semaphore sem = new Semaphore(0);
        long start = System.nanoTime();
        assertFalse(sem.acquire(Duration.ZERO));
        assertTrue(millisSince(start) < 100, "at once: " + millisSince(start) + " ms");
        start = System.nanoTime();
        assertFalse(sem.acquire(Duration.ofMillis(200)));
        long took = millisSince(start);
        System.out.println("Semaphore(0).acquire(200 ms) returned false after " + took + " ms");
        assertTrue(took >= 150 && took < 5_000, took + " ms");
        assertEquals(0, sem.availablePermits());
    }

    @Test
    void boundedSemaphoreRefusesOverRelease() throws Exception {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(2, sem.availablePermits());
        sem.acquire();
        sem.acquire();
        assertFalse(sem.acquire(Duration.ZERO));
        sem.release();
        sem.release();
        assertThrows(IllegalStateException.class, sem::release);
        assertEquals(2, sem.availablePermits());
        // A plain semaphore is unbounded.
        Semaphore plain = new Semaphore(2);
        plain.release();
        assertEquals(3, plain.availablePermits());
    }

    @Test
    void semaphoreSignalsBetweenProcesses() throws Exception {
        Semaphore sem = new Semaphore(0);
        BoundedSemaphore bounded = new BoundedSemaphore(3);
        worker(0).submit(conn -> {
            for (int i = 0; i < 3; i++) {
                Thread.sleep(20);
                sem.release();
            }
            bounded.acquire();
            bounded.acquire();
            return bounded.availablePermits();
        });
        for (int i = 0; i < 3; i++) assertTrue(sem.acquire(LONG), "permit " + i);
        assertEquals(1, worker(0).<Integer>result());
        assertEquals(1, bounded.availablePermits());
        bounded.release();
        bounded.release();
        assertThrows(IllegalStateException.class, bounded::release);
        assertEquals(3, bounded.availablePermits());
    }

    // ---------------------------------------------------------------------------------------------
    // Beyond CPython: recovery from processes that die holding a lock or a bounded permit

    /** Acquires {@code o} ({@code times} times for an RLock), reports, then waits to be killed or halts. */
    static void holdAndDie(Object o, Connection conn, boolean halt) throws Exception {
        acquireAny(o);
        if (o instanceof RLock r) {
            r.acquire();
            r.acquire();
        }
        conn.send("held");
        if (halt) Runtime.getRuntime().halt(3);
        Thread.sleep(60_000);
    }

    private static void assertRecovered(Object o, String how, boolean recovers) throws Exception {
        String what = o.getClass().getSimpleName();
        long start = System.nanoTime();
        boolean acquired = acquireAny(o, recovers ? Duration.ofSeconds(10) : Duration.ofMillis(400));
        long took = millisSince(start);
        System.out.println(what + " held by a " + how + " child: parent's acquire returned " + acquired
                + " after " + took + " ms");
        if (!recovers) {
            assertFalse(acquired, "a plain Semaphore does not recover permits (documented)");
            return;
        }
        assertTrue(acquired, what + " not recovered from a " + how + " child");
        switch (o) {
            case Lock l -> {
                assertTrue(l.isLocked());
                assertTrue(l.isHeldByCurrentThread());
                l.release();
                assertFalse(l.isLocked());
                assertThrows(IllegalStateException.class, l::release, "recovered once only");
            }
            case RLock r -> {
                assertTrue(r.isHeldByCurrentThread());
                r.release();
                assertFalse(r.isHeldByCurrentThread(), "the dead owner's count must not carry over");
                assertThrows(IllegalStateException.class, r::release);
                assertTrue(r.acquire(Duration.ZERO));
                r.release();
            }
            case BoundedSemaphore s -> {
                assertEquals(0, s.availablePermits());
                s.release();
                assertEquals(1, s.availablePermits());
                assertThrows(IllegalStateException.class, s::release, "recovered once only");
            }
            default -> fail(what);
        }
    }

    private static void recoverFromDeadHolders(boolean halt) throws Exception {
        List<Object> objects = new ArrayList<>(List.of(new Lock(), new BoundedSemaphore(1), new RLock()));
        if (!halt) objects.add(new Semaphore(1));
        List<Process> children = new ArrayList<>();
        List<Connection> conns = new ArrayList<>();
        try {
            for (Object o : objects) {
                Pipe pipe = Pipe.open();
                Connection theirs = pipe.right();
                Process p = new Process(() -> holdAndDie(o, theirs, halt));
                p.start();
                theirs.close();
                children.add(p);
                conns.add(pipe.left());
            }
            for (int i = 0; i < objects.size(); i++) {
                Object o = objects.get(i);
                assertTrue(conns.get(i).poll(LONG), "child never reported");
                assertEquals("held", conns.get(i).recv());
                assertFalse(acquireAny(o, Duration.ZERO), o + " is held by the child");
            }
            for (Process p : children) {
                if (!halt) p.kill();
                assertTrue(p.join(LONG));
                assertEquals(OptionalInt.of(halt ? 3 : -9), p.exitCode());
            }
            String how = halt ? "halted" : "killed";
            for (Object o : objects) assertRecovered(o, how, !(o instanceof Semaphore s) || s instanceof BoundedSemaphore);
        } finally {
            for (Process p : children) {
                p.kill();
                p.join(LONG);
            }
            conns.forEach(Connection::close);
        }
    }

    @Test
    void locksHeldByKilledChildrenAreRecovered() throws Exception {
        recoverFromDeadHolders(false);
    }

    @Test
    void locksHeldByHaltedChildrenAreRecovered() throws Exception {
        recoverFromDeadHolders(true);
    }

    // ---------------------------------------------------------------------------------------------
    // Regressions: huge timeouts, a waiter killed inside await

    @Test
    void hugeTimeoutsWaitInsteadOfFailingAtOnce() throws Exception {
        Duration huge = Duration.ofNanos(Long.MAX_VALUE - 1);
        Lock lock = new Lock();
        lock.acquire();
        thread(() -> {
            Thread.sleep(300);
            lock.release();
        });
        long start = System.nanoTime();
        assertTrue(lock.acquire(huge), "returned false after " + millisSince(start) + " ms");
        lock.release();
        Semaphore sem = new Semaphore(0);
        thread(() -> {
            Thread.sleep(300);
            sem.release();
        });
        start = System.nanoTime();
        assertTrue(sem.acquire(huge), "returned false after " + millisSince(start) + " ms");
    }

    @Test
    void signalIsNotBlockedByAWaiterThatWasKilled() throws Exception {
        Condition cond = new Condition(new Lock());
        Semaphore sleeping = new Semaphore(0);
        Process p = new Process(() -> waitOn(cond, sleeping, "doomed", null));
        p.start();
        assertTrue(sleeping.acquire(LONG));
        cond.acquire();                           // the child is inside await
        cond.release();
        p.kill();
        assertTrue(p.join(LONG));
        Event returned = new Event();
        thread(() -> {
            try (Held held = cond.hold()) {
                cond.signalAll();
            }
            returned.set();
        });
        assertTrue(returned.await(Duration.ofSeconds(5)), "signalAll() still blocked by the dead waiter");
    }

    // ---------------------------------------------------------------------------------------------
    // Event

    @Test
    void eventWaitSetAndClear() throws Exception {
        Event event = new Event();
        assertFalse(event.isSet());
        long start = System.nanoTime();
        assertFalse(event.await(Duration.ZERO));
        assertTrue(millisSince(start) < 100, "at once: " + millisSince(start) + " ms");
        start = System.nanoTime();
        assertFalse(event.await(Duration.ofMillis(200)));
        long took = millisSince(start);
        assertTrue(took >= 150 && took < 5_000, took + " ms");

        event.set();
        assertTrue(event.isSet());
        start = System.nanoTime();
        event.await();
        assertTrue(event.await(Duration.ZERO));
        assertTrue(event.await(Duration.ofMillis(200)));
        assertTrue(millisSince(start) < 100, "at once: " + millisSince(start) + " ms");
        event.set();                              // idempotent
        assertTrue(event.isSet());
        assertTrue(event.toString().contains("set"));

        event.clear();
        assertFalse(event.isSet());
        assertFalse(event.await(Duration.ZERO));
        assertFalse(event.await(Duration.ofMillis(50)));
    }

    @Test
    void eventSetByChildWakesParent() throws Exception {
        Event event = new Event();
        long start = System.nanoTime();
        worker(0).submit(conn -> {
            Thread.sleep(100);
            event.set();
            return null;
        });
        assertTrue(event.await(Duration.ofSeconds(10)));
        long took = millisSince(start);
        System.out.println("Event set by a child after 100 ms woke the parent after " + took + " ms");
        assertTrue(took >= 95, took + " ms");
        worker(0).result();
        assertTrue(event.isSet());
        // And cleared by a child.
        worker(1).call(conn -> {
            event.clear();
            return null;
        });
        assertFalse(event.isSet());
    }

    @Test
    void eventSetWakesEveryWaiter() throws Exception {
        Event event = new Event();
        Semaphore waiting = new Semaphore(0);
        Pipe local = Pipe.open();
        Connection report = local.right();
        List<Connection> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = "process" + i;
            worker(i).submit(conn -> {
                waiting.release();
                return id + ":" + event.await(LONG);
            });
            sources.add(worker(i).conn);
        }
        for (int i = 0; i < 2; i++) {
            String id = "thread" + i;
            thread(() -> {
                waiting.release();
                boolean set = event.await(LONG);
                report.send(id + ":" + set);
            });
        }
        sources.add(local.left());
        for (int i = 0; i < 5; i++) assertTrue(waiting.acquire(LONG));
        assertQuiet(sources, "nobody wakes before set()");
        event.set();
        List<Object> woken = collect(sources, 5, LONG);
        assertEquals(Set.of("process0:true", "process1:true", "process2:true", "thread0:true", "thread1:true"),
                new HashSet<>(woken));
        local.left().close();
        report.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Condition

    /** Waits on {@code cond} (announcing it through {@code sleeping}) and says how it woke. */
    static String waitOn(Condition cond, Semaphore sleeping, String id, Duration timeout) throws InterruptedException {
        cond.acquire();
        try {
            sleeping.release();
            boolean signalled;
            if (timeout == null) {
                cond.await();
                signalled = true;
            } else {
                signalled = cond.await(timeout);
            }
            if (!cond.lock().isHeldByCurrentThread()) return id + ":lock not held after await";
            return id + (signalled ? ":woken" : ":timeout");
        } finally {
            cond.release();
        }
    }

    /**
     * Starts three waiting workers and three waiting threads and returns once all six are inside
     * await ({@code null} timeout: {@code await()} for ever).
     */
    private List<Connection> sixWaiters(Condition cond, Connection report, Connection localEnd, Duration workerTimeout,
                                        Duration threadTimeout, String round) throws Exception {
        Semaphore sleeping = new Semaphore(0);
        List<Connection> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = round + "/process" + i;
            worker(i).submit(conn -> waitOn(cond, sleeping, id, workerTimeout));
            sources.add(worker(i).conn);
        }
        for (int i = 0; i < 3; i++) {
            String id = round + "/thread" + i;
            thread(() -> report.send(waitOn(cond, sleeping, id, threadTimeout)));
        }
        sources.add(localEnd);
        for (int i = 0; i < 6; i++) assertTrue(sleeping.acquire(LONG), "waiter " + i + " never started");
        // They released 'sleeping' holding the lock: once we get it, all six are inside await.
        cond.acquire();
        cond.release();
        return sources;
    }

    private static void signal(Condition cond, int n) throws InterruptedException {
        try (Held held = cond.hold()) {
            if (n == Integer.MAX_VALUE) cond.signalAll(); else if (n == 1) cond.signal(); else cond.signal(n);
        }
    }

    private static Condition condition(boolean onLock) {
        return onLock ? new Condition(new Lock()) : new Condition();
    }

    private static Set<String> woken(List<Object> reports) {
        return reports.stream().map(String.class::cast).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "on a Lock: {0}")
    @ValueSource(booleans = {true, false})
    void conditionSignalWakesOneThenSignalAllTheRest(boolean onLock) throws Exception {
        Condition cond = condition(onLock);
        Pipe local = Pipe.open();
        Connection report = local.right();
        Duration longWait = Duration.ofSeconds(60);

        // Six waiters time out: they report it and leave the bookkeeping right (CPython's check_invariant).
        List<Connection> sources = sixWaiters(cond, report, local.left(), Duration.ofMillis(100),
                Duration.ofMillis(100), "early");
        List<Object> reports = collect(sources, 6, LONG);
        assertEquals(6, reports.size(), reports.toString());
        assertTrue(reports.stream().allMatch(r -> ((String) r).endsWith(":timeout")), reports.toString());
        assertTrue(cond.toString().contains("waiting=0"), cond.toString());

        sources = sixWaiters(cond, report, local.left(), null, longWait, "one");
        assertQuiet(sources, "nobody wakes before a signal");
        signal(cond, 1);
        reports = collect(sources, 1, LONG);
        assertQuiet(sources, "signal() woke more than one");
        signal(cond, 1);
        reports.addAll(collect(sources, 1, LONG));
        assertQuiet(sources, "the second signal() woke more than one");
        signal(cond, Integer.MAX_VALUE);
        reports.addAll(collect(sources, 4, LONG));
        assertEquals(6, woken(reports).size(), reports.toString());
        assertTrue(reports.stream().allMatch(r -> ((String) r).endsWith(":woken")), reports.toString());
        assertQuiet(sources, "woken twice");
        local.left().close();
        report.close();
    }

    @ParameterizedTest(name = "on a Lock: {0}")
    @ValueSource(booleans = {true, false})
    void conditionSignalAllAndSignalN(boolean onLock) throws Exception {
        Condition cond = condition(onLock);
        Pipe local = Pipe.open();
        Connection report = local.right();
        Duration longWait = Duration.ofSeconds(60);

        List<Connection> sources = sixWaiters(cond, report, local.left(), null, longWait, "all");
        signal(cond, Integer.MAX_VALUE);
        List<Object> reports = collect(sources, 6, LONG);
        assertEquals(6, woken(reports).size(), reports.toString());
        assertQuiet(sources, "woken twice");

        sources = sixWaiters(cond, report, local.left(), null, longWait, "n");
        signal(cond, 2);
        reports = collect(sources, 2, LONG);
        assertQuiet(sources, "signal(2) woke more than two");
        signal(cond, 4);
        reports.addAll(collect(sources, 4, LONG));
        assertEquals(6, woken(reports).size(), reports.toString());
        assertTrue(reports.stream().allMatch(r -> ((String) r).endsWith(":woken")), reports.toString());
        signal(cond, 3);                          // nobody waits: returns at once, wakes none
        assertQuiet(sources, "signal(3) with no waiter woke someone");
        signal(cond, 0);
        assertThrows(IllegalArgumentException.class, () -> {
            try (Held held = cond.hold()) {
                cond.signal(-1);
            }
        });
        local.left().close();
        report.close();
    }

    @ParameterizedTest(name = "on a Lock: {0}")
    @ValueSource(booleans = {true, false})
    void conditionTimeoutsPredicatesAndMisuse(boolean onLock) throws Exception {
        Condition cond = condition(onLock);
        assertThrows(IllegalStateException.class, cond::await);
        assertThrows(IllegalStateException.class, () -> cond.await(Duration.ofMillis(10)));
        assertThrows(IllegalStateException.class, cond::signal);
        assertThrows(IllegalStateException.class, cond::signalAll);
        assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> false, Duration.ofMillis(10)));

        cond.acquire();
        try {
            long start = System.nanoTime();
            assertFalse(cond.await(Duration.ofMillis(100)));
            assertTrue(millisSince(start) >= 90, millisSince(start) + " ms");
            assertTrue(cond.lock().isHeldByCurrentThread(), "held again after a timed-out await");
            assertTrue(cond.waitFor(() -> true, null));
            assertTrue(cond.waitFor(() -> true, Duration.ZERO));
            start = System.nanoTime();
            assertFalse(cond.waitFor(() -> false, Duration.ofMillis(100)));
            assertTrue(millisSince(start) >= 90, millisSince(start) + " ms");
            assertTrue(cond.lock().isHeldByCurrentThread());
            cond.signal();                        // nobody waits: no effect
            cond.signalAll();

            // Another thread, not holding the lock, may not wait or signal.
            List<Object> seen = new CopyOnWriteArrayList<>();
            Thread other = new Thread(() -> {
                for (Body b : List.<Body>of(cond::await, cond::signal)) {
                    try {
                        b.run();
                        seen.add("accepted");
                    } catch (IllegalStateException e) {
                        seen.add("refused");
                    } catch (Exception e) {
                        seen.add(e);
                    }
                }
            });
            other.start();
            other.join(10_000);
            assertEquals(List.of("refused", "refused"), seen);
        } finally {
            cond.release();
        }
        assertThrows(IllegalStateException.class, cond::signal);

    }

    @ParameterizedTest(name = "on a Lock: {0}")
    @ValueSource(booleans = {true, false})
    void conditionWaitForAChildsChange(boolean onLock) throws Exception {
        Condition cond = condition(onLock);
        Event ready = new Event();
        worker(0).submit(conn -> {
            Thread.sleep(150);
            try (Held held = cond.hold()) {
                ready.set();
                cond.signalAll();
            }
            return null;
        });
        long start = System.nanoTime();
        try (Held held = cond.hold()) {
            assertTrue(cond.waitFor(ready::isSet, Duration.ofSeconds(10)));
            assertTrue(cond.lock().isHeldByCurrentThread());
        }
        assertTrue(millisSince(start) >= 100, millisSince(start) + " ms");
        worker(0).result();
    }

    @Test
    void rlockConditionAwaitKeepsReentrantCount() throws Exception {
        Condition cond = new Condition();
        RLock r = (RLock) cond.lock();
        r.acquire();
        r.acquire();
        r.acquire();
        // While we await, a child takes the (fully released) lock and signals.
        worker(0).submit(conn -> {
            try (Held held = cond.hold()) {
                cond.signal();
                return cond.lock().isHeldByCurrentThread();
            }
        });
        assertTrue(cond.await(LONG), "woken by the child");
        assertEquals(true, worker(0).result());
        assertTrue(r.isHeldByCurrentThread());
        r.release();
        r.release();
        assertTrue(r.isHeldByCurrentThread(), "three holds after await");
        r.release();
        assertFalse(r.isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, r::release);
    }

    // ---------------------------------------------------------------------------------------------
    // Barrier

    /** Waits {@code passes} times; per pass, the index and the action count seen once released. */
    static int[][] passBarrier(Barrier barrier, Semaphore actions, int passes) throws Exception {
        int[][] seen = new int[passes][];
        for (int i = 0; i < passes; i++) {
            int index = barrier.await();
            seen[i] = new int[] {index, actions.availablePermits()};
        }
        return seen;
    }

    @Test
    void barrierGivesEachIndexOnceAndRunsTheActionOncePerPass() throws Exception {
        Semaphore actions = new Semaphore(0);
        Barrier barrier = new Barrier(5, actions::release);
        assertEquals(5, barrier.parties());
        int passes = 3;
        for (int i = 0; i < WORKERS; i++) worker(i).submit(conn -> passBarrier(barrier, actions, passes));
        List<int[][]> all = new ArrayList<>();
        all.add(passBarrier(barrier, actions, passes));
        for (int i = 0; i < WORKERS; i++) all.add(worker(i).result());
        for (int pass = 0; pass < passes; pass++) {
            List<Integer> indices = new ArrayList<>();
            for (int[][] party : all) {
                indices.add(party[pass][0]);
                assertEquals(pass + 1, party[pass][1], "actions run when pass " + pass + " released");
            }
            Collections.sort(indices);
            assertEquals(List.of(0, 1, 2, 3, 4), indices, "indices of pass " + pass);
        }
        assertEquals(passes, actions.availablePermits(), "the action runs once per pass");
        assertEquals(0, barrier.numberWaiting());
        assertFalse(barrier.isBroken());
    }

    /** Waits at the barrier and says whether it passed or found it broken. */
    static String partyOutcome(Barrier barrier, Duration timeout) throws InterruptedException {
        try {
            return "passed " + barrier.await(timeout);
        } catch (BrokenBarrierException e) {
            return "broken";
        }
    }

    /** Three workers and one thread wait at a 5-party barrier; returns once all four wait. */
    private List<Connection> fourWaiting(Barrier barrier, Connection report, Connection localEnd) throws Exception {
        List<Connection> sources = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            worker(i).submit(conn -> partyOutcome(barrier, LONG));
            sources.add(worker(i).conn);
        }
        thread(() -> report.send(partyOutcome(barrier, LONG)));
        sources.add(localEnd);
        long deadline = System.nanoTime() + LONG.toNanos();
        while (barrier.numberWaiting() < 4) {
            assertTrue(System.nanoTime() < deadline, "parties never arrived: " + barrier);
            Thread.sleep(10);
        }
        return sources;
    }

    /** Four workers and the parent pass the barrier once, each index given once. */
    private static void passOnce(Barrier barrier) throws Exception {
        for (int i = 0; i < WORKERS; i++) worker(i).submit(conn -> barrier.await(LONG));
        List<Integer> indices = new ArrayList<>(List.of(barrier.await(LONG)));
        for (int i = 0; i < WORKERS; i++) indices.add(worker(i).result());
        Collections.sort(indices);
        assertEquals(List.of(0, 1, 2, 3, 4), indices);
    }

    @Test
    void barrierAbortBreaksWaitersUntilReset() throws Exception {
        Barrier barrier = new Barrier(5);
        Pipe local = Pipe.open();
        List<Connection> sources = fourWaiting(barrier, local.right(), local.left());
        assertEquals(4, barrier.numberWaiting());
        barrier.abort();
        assertEquals(List.of("broken", "broken", "broken", "broken"), collect(sources, 4, LONG));
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, () -> barrier.await(Duration.ZERO), "later parties too");
        assertEquals("broken", worker(3).call(conn -> partyOutcome(barrier, LONG)));
        barrier.reset();
        assertFalse(barrier.isBroken());
        passOnce(barrier);
        local.left().close();
        local.right().close();
    }

    @Test
    void barrierResetFreesWaitersAndIsReusable() throws Exception {
        Barrier barrier = new Barrier(5);
        Pipe local = Pipe.open();
        List<Connection> sources = fourWaiting(barrier, local.right(), local.left());
        barrier.reset();
        assertEquals(List.of("broken", "broken", "broken", "broken"), collect(sources, 4, LONG));
        assertFalse(barrier.isBroken());
        passOnce(barrier);
        passOnce(barrier);
        local.left().close();
        local.right().close();
    }

    /** CPython's _test_timeout_f: all pass once; then the party with index 2 is late by 1 s. */
    static String lateParty(Barrier barrier) throws Exception {
        int index = barrier.await(LONG);
        if (index == 2) Thread.sleep(1_000);
        return partyOutcome(barrier, Duration.ofMillis(500));
    }

    @Test
    void barrierTimeoutBreaksItForEveryParty() throws Exception {
        Barrier barrier = new Barrier(5);
        for (int i = 0; i < WORKERS; i++) worker(i).submit(conn -> lateParty(barrier));
        long start = System.nanoTime();
        List<String> outcomes = new ArrayList<>(List.of(lateParty(barrier)));
        for (int i = 0; i < WORKERS; i++) outcomes.add(worker(i).result());
        long took = millisSince(start);
        assertEquals(Collections.nCopies(5, "broken"), outcomes);
        assertTrue(barrier.isBroken());
        assertTrue(took >= 450, took + " ms");
        barrier.reset();
        passOnce(barrier);
    }

    @Test
    void barrierArgumentsDefaultTimeoutAndFailingAction() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-1));

        Barrier single = new Barrier(1);
        assertEquals(0, single.await());
        assertEquals(0, single.await(Duration.ZERO));

        Barrier timed = new Barrier(2, null, Duration.ofMillis(200));
        long start = System.nanoTime();
        assertThrows(BrokenBarrierException.class, timed::await);
        assertTrue(millisSince(start) >= 150, millisSince(start) + " ms");
        assertTrue(timed.isBroken());

        Barrier failing = new Barrier(2, () -> {
            throw new IllegalStateException("action fails");
        });
        Pipe local = Pipe.open();
        Connection report = local.right();
        thread(() -> report.send(partyOutcome(failing, LONG)));
        assertEquals("broken", partyOutcome(failing, LONG));
        assertEquals("broken", local.left().poll(LONG) ? local.left().recv() : "nothing");
        assertTrue(failing.isBroken());
        local.left().close();
        report.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Objects travel: captured by a target, sent through a connection

    @Test
    void objectsCapturedByATargetWorkInTheChild() throws Exception {
        Lock lock = new Lock();
        Event go = new Event();
        Semaphore held = new Semaphore(0);
        Condition cond = new Condition(new Lock());
        Event ready = new Event();
        Barrier barrier = new Barrier(2);
        Pipe pipe = Pipe.open();
        Connection theirs = pipe.right();
        Process p = new Process(() -> {
            lock.acquire();
            held.release();
            if (!go.await(LONG)) throw new AssertionError("no go");
            lock.release();
            int index = barrier.await(LONG);
            try (Held h = cond.hold()) {
                ready.set();
                cond.signalAll();
            }
            theirs.send("index " + index);
        });
        p.start();
        theirs.close();
        Connection mine = pipe.left();
        try {
            assertTrue(held.acquire(LONG));
            assertTrue(lock.isLocked());
            assertFalse(lock.acquire(Duration.ZERO));
            go.set();
            assertTrue(lock.acquire(LONG));
            lock.release();
            int index = barrier.await(LONG);
            try (Held h = cond.hold()) {
                assertTrue(cond.waitFor(ready::isSet, LONG));
            }
            assertTrue(mine.poll(LONG));
            assertEquals("index " + (1 - index), mine.recv());
            assertTrue(p.join(LONG));
            assertEquals(OptionalInt.of(0), p.exitCode());
        } finally {
            p.kill();
            p.join(LONG);
            mine.close();
        }
    }

    @Test
    void objectsSentThroughAConnectionWorkInTheReceiver() throws Exception {
        Lock lock = new Lock();
        RLock rlock = new RLock();
        Semaphore sem = new Semaphore(0);
        Event event = new Event();
        Condition cond = new Condition(new Lock());
        Barrier barrier = new Barrier(2);
        Worker w = worker(0);
        w.submit(conn -> {
            Lock l = conn.recv();
            RLock r = conn.recv();
            Semaphore s = conn.recv();
            Event e = conn.recv();
            Condition c = conn.recv();
            Barrier b = conn.recv();
            l.acquire();
            r.acquire();
            s.release();
            conn.send("holding");
            if (!e.await(LONG)) throw new AssertionError("event never set");
            l.release();
            r.release();
            try (Held h = c.hold()) {
                c.signal();
            }
            // A lock created here travels to the parent, held.
            Lock mine = new Lock();
            mine.acquire();
            conn.send(mine);
            return b.await(LONG);
        });
        for (Object o : List.of(lock, rlock, sem, event, cond, barrier)) w.conn.send(o);
        assertEquals("holding", w.next());
        assertTrue(lock.isLocked());
        assertFalse(lock.acquire(Duration.ZERO));
        assertFalse(rlock.acquire(Duration.ZERO));
        assertTrue(sem.acquire(Duration.ZERO));
        try (Held h = cond.hold()) {
            event.set();
            assertTrue(cond.await(LONG), "signalled by the receiver");
        }
        assertTrue(lock.acquire(Duration.ZERO));
        assertTrue(rlock.acquire(Duration.ZERO));
        Lock fromChild = (Lock) w.next();
        assertTrue(fromChild.isLocked());
        fromChild.release();
        assertFalse(fromChild.isLocked());
        int index = barrier.await(LONG);
        assertEquals(1 - index, w.<Integer>result());
        lock.release();
        rlock.release();

        // The same object sent twice arrives as two views of one lock.
        w.submit(conn -> {
            Lock a = conn.recv();
            Lock b = conn.recv();
            a.acquire();
            return List.of(b.isLocked(), b.acquire(Duration.ZERO));
        });
        w.conn.send(lock);
        w.conn.send(lock);
        assertEquals(List.of(true, false), w.result());
        assertTrue(lock.isLocked());
        lock.release();
    }

    @Test
    void anActionThatThrowsAnErrorBreaksTheBarrier() throws Exception {
        Barrier barrier = new Barrier(1, () -> {
            throw new AssertionError("action failed");
        });
        assertThrows(AssertionError.class, barrier::await);
        assertTrue(barrier.isBroken());
    }
}
