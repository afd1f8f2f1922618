package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A manager's queues and synchronization primitives: the same public types as the shared-memory
 * ones, living in the server, used from the parent and from children (CPython runs its
 * _TestQueue, _TestLock, _TestEvent, ... against manager objects too).
 */
@Timeout(120)
class ManagerSyncTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Duration SHORT = Duration.ofMillis(100);
    private static Manager manager;

    @BeforeAll
    static void startManager() {
        manager = Manager.start();
    }

    @AfterAll
    static void shutdown() {
        if (manager != null) manager.close();
    }

    private static void run(SerializableRunnable target) throws InterruptedException {
        Process p = new Process(target);
        p.start();
        assertTrue(p.join(LONG));
        assertEquals(OptionalInt.of(0), p.exitCode());
    }

    @Test
    void queueItemsAChildPutsReachTheParent() throws Exception {
        Queue<String> queue = manager.queue();
        run(() -> {
            queue.put("one");
            queue.put("two");
        });
        assertEquals(2, queue.qsize());
        assertEquals("one", queue.get(LONG));
        assertEquals("two", queue.getNowait());
        assertTrue(queue.empty());
        assertThrows(Queue.Empty.class, () -> queue.get(SHORT));
        assertThrows(Queue.Empty.class, queue::getNowait);
    }

    @Test
    void boundedQueueIsFullAtItsSize() throws Exception {
        Queue<Integer> queue = manager.queue(2);
        queue.put(1);
        queue.put(2, SHORT);
        assertTrue(queue.full());
        assertEquals(2, queue.maxsize());
        assertThrows(Queue.Full.class, () -> queue.putNowait(3));
        assertThrows(Queue.Full.class, () -> queue.put(3, SHORT));
        assertEquals(1, queue.get());
        Queue<Object> objects = manager.queue();
        SerializationException e = assertThrows(SerializationException.class, () -> objects.put(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertTrue(objects.empty());
    }

    @Test
    void joinableQueueJoinsOnceEveryItemIsDone() throws Exception {
        JoinableQueue<Integer> queue = manager.joinableQueue();
        for (int i = 0; i < 5; i++) queue.put(i);
        assertFalse(queue.join(SHORT));
        Process worker = new Process(() -> {
            for (int i = 0; i < 5; i++) {
                queue.get();
                queue.taskDone();
            }
        });
        worker.start();
        assertTrue(queue.join(LONG));
        assertTrue(worker.join(LONG));
        assertThrows(IllegalStateException.class, queue::taskDone);
    }

    @Test
    void lockExcludesOtherProcesses() throws Exception {
        Lock lock = manager.lock();
        Event held = manager.event();
        Event release = manager.event();
        Process holder = new Process(() -> {
            lock.acquire();
            held.set();
            release.await();
            lock.release();
        });
        holder.start();
        assertTrue(held.await(LONG));
        assertTrue(lock.isLocked());
        assertFalse(lock.acquire(SHORT));
        release.set();
        assertTrue(lock.acquire(LONG));
        assertTrue(lock.isHeldByCurrentThread());
        lock.release();
        assertThrows(IllegalStateException.class, lock::release);
        assertTrue(holder.join(LONG));
    }

    @Test
    void rLockIsOwnedByTheAcquiringThread() throws Exception {
        RLock lock = manager.rLock();
        lock.acquire();
        lock.acquire();
        assertTrue(lock.isHeldByCurrentThread());
        AtomicReference<Throwable> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                assertFalse(lock.isHeldByCurrentThread());
                assertFalse(lock.acquire(SHORT));
                lock.release();
            } catch (Throwable e) {
                other.set(e);
            }
        });
        t.join(LONG.toMillis());
        assertTrue(other.get() instanceof IllegalStateException, String.valueOf(other.get()));
        lock.release();
        lock.release();
        assertFalse(lock.isHeldByCurrentThread());
    }

    @Test
    void semaphoresCountAndBoundedOnesRefuseExtraReleases() throws Exception {
        Semaphore semaphore = manager.semaphore(2);
        assertTrue(semaphore.acquire(SHORT));
        assertTrue(semaphore.acquire(SHORT));
        assertFalse(semaphore.acquire(SHORT));
        run(semaphore::release);
        assertEquals(1, semaphore.availablePermits());
        BoundedSemaphore bounded = manager.boundedSemaphore(1);
        assertThrows(IllegalStateException.class, bounded::release);
        assertThrows(IllegalArgumentException.class, () -> manager.semaphore(-1));
    }

    @Test
    void eventSetByAChildWakesTheParent() throws Exception {
        Event event = manager.event();
        assertFalse(event.await(SHORT));
        run(event::set);
        assertTrue(event.isSet());
        assertTrue(event.await(LONG));
        event.clear();
        assertFalse(event.isSet());
    }

    @Test
    void conditionSignalledByAChild() throws Exception {
        Condition condition = manager.condition();
        List<Integer> box = manager.list();
        Process producer = new Process(() -> {
            try (Held held = condition.hold()) {
                box.add(42);
                condition.signalAll();
            }
        });
        try (Held held = condition.hold()) {
            producer.start();
            assertTrue(condition.waitFor(() -> !box.isEmpty(), LONG));
        }
        assertEquals(List.of(42), box);
        assertTrue(producer.join(LONG));
        assertThrows(IllegalStateException.class, condition::signal);
    }

    @Test
    void barrierTripsWhenEveryPartyArrives() throws Exception {
        Barrier barrier = manager.barrier(3);
        Queue<Integer> indexes = manager.queue();
        List<Process> parties = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Process p = new Process(() -> indexes.put(barrier.await(LONG)));
            p.start();
            parties.add(p);
        }
        indexes.put(barrier.await(LONG));
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 3; i++) seen.add(indexes.get(LONG));
        assertEquals(Set.of(0, 1, 2), seen);
        for (Process p : parties) assertTrue(p.join(LONG));
        assertEquals(3, barrier.parties());
        assertFalse(barrier.isBroken());
    }

    @Test
    void locksHeldByAProcessThatDiesAreReleased() throws Exception {
        Lock lock = manager.lock();
        RLock rLock = manager.rLock();
        Condition condition = manager.condition();
        Event holding = manager.event();
        Process holder = new Process(() -> {
            lock.acquire();
            rLock.acquire();
            rLock.acquire();
            condition.acquire();
            holding.set();
            Thread.sleep(60_000);
        });
        holder.start();
        assertTrue(holding.await(LONG));
        assertFalse(lock.acquire(SHORT));
        assertFalse(rLock.acquire(SHORT));
        holder.kill();
        assertTrue(holder.join(LONG));
        assertTrue(lock.acquire(LONG));
        assertTrue(rLock.acquire(LONG));
        assertTrue(condition.lock().acquire(LONG));
        lock.release();
        rLock.release();
        condition.release();
    }

    @Test
    void aLockHeldByAThreadThatEndedStaysHeldWhileItsProcessLives() throws Exception {
        Lock lock = manager.lock();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                lock.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.join(LONG.toMillis());
        Thread.sleep(2_500); // the ended thread's connection is closed by now
        assertTrue(lock.isLocked());
        assertFalse(lock.acquire(SHORT));
        lock.release(); // a Lock is not owned: any thread may release it
        assertTrue(lock.acquire(SHORT));
        lock.release();
    }

    @Test
    void anInterruptedAcquireGivesUpInTheServerToo() throws Exception {
        Lock lock = manager.lock();
        lock.acquire();
        AtomicReference<Throwable> waiter = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                lock.acquire();
                waiter.set(new AssertionError("acquired a held lock"));
            } catch (Throwable e) {
                waiter.set(e);
            }
        });
        Thread.sleep(300);
        t.interrupt();
        t.join(LONG.toMillis());
        assertTrue(waiter.get() instanceof InterruptedException, String.valueOf(waiter.get()));
        Thread.sleep(300); // the server's thread for the abandoned acquire has been interrupted by now
        lock.release();
        assertTrue(lock.acquire(LONG));
        lock.release();
    }
}
