package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.serialize.Serializer;
import org.multiprocessing4j.sync.BarrierOps;
import org.multiprocessing4j.sync.ConditionOps;
import org.multiprocessing4j.sync.EventOps;
import org.multiprocessing4j.sync.HeapBarrier;
import org.multiprocessing4j.sync.HeapCondition;
import org.multiprocessing4j.sync.HeapEvent;
import org.multiprocessing4j.sync.HeapLock;
import org.multiprocessing4j.sync.HeapQueue;
import org.multiprocessing4j.sync.HeapRLock;
import org.multiprocessing4j.sync.HeapSemaphore;
import org.multiprocessing4j.sync.LockOps;
import org.multiprocessing4j.sync.QueueOps;
import org.multiprocessing4j.sync.SemaphoreOps;

/**
 * The public synchronization types on the in-heap backends a manager's server holds, with threads
 * of one JVM: the same behaviour and exceptions as in shared memory. Then each type's travel as
 * its backend: a serializable {@link Proxy} of the backend (as the manager's proxies are) crosses
 * a serialization round trip, and the rebuilt object works on the same backend.
 */
@Timeout(60)
class HeapBackendTest {

    private static final long WAIT_SECONDS = 10;
    private static final Duration SHORT = Duration.ofMillis(100);
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopThreads() throws InterruptedException {
        for (Thread t : threads) {
            t.interrupt();
            t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        }
    }

    /** Runs {@code body} in a new thread; its result or exception comes from {@link #result}. */
    private <V> FutureTask<V> background(Callable<V> body) {
        FutureTask<V> task = new FutureTask<>(body);
        Thread thread = new Thread(task, "heap-backend-test");
        threads.add(thread);
        thread.start();
        return task;
    }

    private static <V> V result(FutureTask<V> task) throws Exception {
        try {
            return task.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
    }

    /** Asserts that {@code task} is still running after a short while (blocked). */
    private static void assertBlocked(FutureTask<?> task) {
        assertThrows(TimeoutException.class, () -> task.get(SHORT.toMillis(), TimeUnit.MILLISECONDS));
    }

    // ---------------------------------------------------------------------------------------------
    // Locks

    @Test
    void lockExcludesTimesOutAndIsReleasableByAnyThread() throws Exception {
        Lock lock = new Lock(new HeapLock());
        assertFalse(lock.isLocked());
        lock.acquire();
        assertTrue(lock.isLocked());
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(lock.acquire(Duration.ZERO), "not reentrant");
        assertFalse(result(background(() -> lock.acquire(SHORT))));
        assertFalse(result(background(lock::isHeldByCurrentThread)));
        FutureTask<Boolean> waiter = background(() -> lock.acquire(Duration.ofSeconds(WAIT_SECONDS)));
        assertBlocked(waiter);
        lock.release();
        assertTrue(result(waiter));
        assertFalse(lock.isHeldByCurrentThread());
        lock.release();                           // held by the waiter: any thread may release it
        assertFalse(lock.isLocked());
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("release of a lock that is not held", e.getMessage());
        try (var held = lock.hold()) {
            assertTrue(lock.isLocked());
        }
        assertFalse(lock.isLocked());
        assertEquals("Lock[unlocked]", lock.toString());
    }

    /** A blocking call. */
    private interface Wait {
        void run() throws Exception;
    }

    @Test
    void waitsAreInterruptible() throws Exception {
        Lock lock = new Lock(new HeapLock());
        RLock rlock = new RLock(new HeapRLock());
        Semaphore semaphore = new Semaphore(new HeapSemaphore(0, false));
        Event event = new Event(new HeapEvent());
        Queue<String> queue = new Queue<>(new HeapQueue(0, false));
        lock.acquire();
        rlock.acquire();
        List<Wait> waits = List.of(lock::acquire, () -> rlock.acquire(Duration.ofSeconds(WAIT_SECONDS)),
                semaphore::acquire, event::await, queue::get);
        for (Wait wait : waits) {
            FutureTask<?> waiter = background(() -> {
                Thread.currentThread().interrupt();
                wait.run();
                return null;
            });
            assertThrows(InterruptedException.class, () -> result(waiter));
        }
    }

    @Test
    void rlockIsReentrantAndOwned() throws Exception {
        RLock lock = new RLock(new HeapRLock());
        lock.acquire();
        assertTrue(lock.acquire(Duration.ZERO), "reentrant");
        assertTrue(lock.isHeldByCurrentThread());
        IllegalStateException notOwner = assertThrows(IllegalStateException.class, () -> result(background(() -> {
            lock.release();
            return null;
        })));
        assertEquals("cannot release an RLock this thread does not hold", notOwner.getMessage());
        FutureTask<Boolean> waiter = background(() -> lock.acquire(Duration.ofSeconds(WAIT_SECONDS)));
        lock.release();
        assertBlocked(waiter);                    // still held once
        lock.release();
        assertTrue(result(waiter));
        assertFalse(lock.isHeldByCurrentThread());
        assertEquals("RLock[locked]", lock.toString());
        assertThrows(IllegalStateException.class, lock::release);
    }

    // ---------------------------------------------------------------------------------------------
    // Semaphores and events

    @Test
    void semaphoreCountsAndSignalsBetweenThreads() throws Exception {
        Semaphore semaphore = new Semaphore(new HeapSemaphore(2, false));
        assertEquals(2, semaphore.availablePermits());
        assertTrue(semaphore.acquire(Duration.ZERO));
        semaphore.acquire();
        assertFalse(semaphore.acquire(SHORT));
        FutureTask<Boolean> waiter = background(() -> semaphore.acquire(Duration.ofSeconds(WAIT_SECONDS)));
        assertBlocked(waiter);
        semaphore.release();
        assertTrue(result(waiter));
        for (int i = 0; i < 3; i++) semaphore.release();   // unbounded: past the initial permits
        assertEquals(3, semaphore.availablePermits());
        assertEquals("Semaphore[permits=3]", semaphore.toString());
        assertThrows(IllegalArgumentException.class, () -> new HeapSemaphore(-1, false));
    }

    @Test
    void boundedSemaphoreRefusesOverRelease() throws Exception {
        BoundedSemaphore semaphore = new BoundedSemaphore(new HeapSemaphore(2, true));
        IllegalStateException e = assertThrows(IllegalStateException.class, semaphore::release);
        assertEquals("semaphore released too many times (more than its 2 permits)", e.getMessage());
        try (var held = semaphore.hold()) {
            assertEquals(1, semaphore.availablePermits());
        }
        assertEquals(2, semaphore.availablePermits());
    }

    @Test
    void eventWaitsTimesOutAndWakesEveryWaiter() throws Exception {
        Event event = new Event(new HeapEvent());
        assertFalse(event.isSet());
        assertFalse(event.await(SHORT));
        assertFalse(event.await(Duration.ZERO));
        List<FutureTask<Boolean>> waiters = List.of(background(() -> event.await(Duration.ofSeconds(WAIT_SECONDS))),
                background(() -> {
                    event.await();
                    return true;
                }));
        assertBlocked(waiters.get(0));
        event.set();
        event.clear();                            // a set followed by a clear still wakes them
        for (FutureTask<Boolean> waiter : waiters) assertTrue(result(waiter));
        assertFalse(event.isSet());
        event.set();
        assertTrue(event.await(Duration.ZERO));
        assertEquals("Event[set]", event.toString());
    }

    // ---------------------------------------------------------------------------------------------
    // Conditions

    @Test
    void conditionAwaitsSignalsAndTimesOut() throws Exception {
        Condition cond = new Condition(new HeapCondition());
        assertInstanceOf(RLock.class, cond.lock());
        IllegalStateException unheld = assertThrows(IllegalStateException.class, cond::await);
        assertEquals("cannot await on a condition whose lock this thread does not hold", unheld.getMessage());
        assertThrows(IllegalStateException.class, cond::signal);
        assertThrows(IllegalStateException.class, cond::signalAll);
        try (var held = cond.hold()) {
            assertFalse(cond.await(SHORT));
            assertTrue(cond.lock().isHeldByCurrentThread(), "holds the lock again after a timeout");
            assertThrows(IllegalArgumentException.class, () -> cond.signal(-1));
            cond.signal(3);                       // none waits: nothing happens
        }
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger woken = new AtomicInteger();
        List<FutureTask<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiters.add(background(() -> {
                cond.acquire();
                try {
                    entered.incrementAndGet();
                    boolean signalled = cond.await(Duration.ofSeconds(WAIT_SECONDS));
                    woken.incrementAndGet();
                    return signalled && cond.lock().isHeldByCurrentThread();
                } finally {
                    cond.release();
                }
            }));
        }
        assertTrue(await(() -> entered.get() == 3));
        cond.acquire();                           // free only once the last to enter waits
        cond.signal();
        cond.release();
        assertTrue(await(() -> woken.get() == 1));
        Thread.sleep(SHORT.toMillis());
        assertEquals(1, woken.get(), "signal() woke one");
        cond.acquire();
        cond.signalAll();
        cond.release();
        for (FutureTask<Boolean> waiter : waiters) assertTrue(result(waiter));
    }

    /** Polls {@code done} until true (or the test's patience runs out). */
    private static boolean await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(5);
        }
        return true;
    }

    @Test
    void conditionAwaitKeepsReentrantHoldsAndWaitForChecksThePredicate() throws Exception {
        Condition cond = new Condition(new HeapCondition());
        AtomicInteger value = new AtomicInteger();
        cond.acquire();
        cond.acquire();
        FutureTask<Void> changer = background(() -> {
            cond.acquire();                       // possible only while the waiter waits: it released both holds
            try {
                value.set(1);
                cond.signalAll();
            } finally {
                cond.release();
            }
            return null;
        });
        assertTrue(cond.waitFor(() -> value.get() == 1, Duration.ofSeconds(WAIT_SECONDS)));
        result(changer);
        cond.release();
        assertTrue(cond.lock().isHeldByCurrentThread(), "both holds came back");
        cond.release();
        assertFalse(cond.lock().isHeldByCurrentThread());
        cond.acquire();
        assertFalse(cond.waitFor(() -> value.get() == 2, SHORT));
        cond.release();
    }

    @Test
    void conditionOnAHeapRLockSharesIt() throws Exception {
        HeapRLock shared = new HeapRLock();
        RLock rlock = new RLock(shared);
        Condition cond = new Condition(new HeapCondition(shared));
        rlock.acquire();
        assertTrue(cond.lock().isHeldByCurrentThread());
        assertFalse(cond.await(Duration.ZERO), "allowed: the lock is held, through the RLock");
        rlock.release();
        assertFalse(cond.lock().isHeldByCurrentThread());
        assertThrows(IllegalStateException.class, cond::signal);
    }

    @Test
    void conditionInSharedMemoryRefusesALockThatLivesElsewhere() {
        assertThrows(IllegalArgumentException.class, () -> new Condition(new Lock(new HeapLock())));
        assertThrows(IllegalArgumentException.class, () -> new Condition(new Condition(new HeapCondition()).lock()));
    }

    // ---------------------------------------------------------------------------------------------
    // Barriers

    @Test
    void barrierGivesEachIndexOnceAndRunsTheActionOncePerPass() throws Exception {
        AtomicInteger actions = new AtomicInteger();
        Barrier barrier = new Barrier(new HeapBarrier(3, actions::incrementAndGet, Long.MAX_VALUE));
        assertEquals(3, barrier.parties());
        for (int pass = 1; pass <= 2; pass++) {
            List<FutureTask<Integer>> parties = List.of(background(barrier::await), background(barrier::await));
            assertTrue(await(() -> barrier.numberWaiting() == 2));
            Set<Integer> indexes = new HashSet<>(List.of(barrier.await()));
            for (FutureTask<Integer> party : parties) indexes.add(result(party));
            assertEquals(Set.of(0, 1, 2), indexes);
            assertEquals(pass, actions.get());
        }
        assertEquals("Barrier[parties=3, waiting=0]", barrier.toString());
        assertThrows(IllegalArgumentException.class, () -> new HeapBarrier(0, null, Long.MAX_VALUE));
    }

    @Test
    void barrierAbortBreaksItUntilReset() throws Exception {
        Barrier barrier = new Barrier(new HeapBarrier(2, null, Long.MAX_VALUE));
        FutureTask<Integer> party = background(barrier::await);
        assertTrue(await(() -> barrier.numberWaiting() == 1));
        barrier.abort();
        assertThrows(BrokenBarrierException.class, () -> result(party));
        assertTrue(barrier.isBroken());
        assertThrows(BrokenBarrierException.class, barrier::await);
        barrier.reset();
        assertFalse(barrier.isBroken());
        FutureTask<Integer> again = background(barrier::await);
        assertTrue(await(() -> barrier.numberWaiting() == 1));
        barrier.reset();                          // a waiting party is freed, broken
        assertThrows(BrokenBarrierException.class, () -> result(again));
        FutureTask<Integer> after = background(barrier::await);
        assertEquals(Set.of(0, 1), Set.of(barrier.await(Duration.ofSeconds(WAIT_SECONDS)), result(after)));
    }

    @Test
    void barrierTimeoutsAndAFailingActionBreakIt() throws Exception {
        Barrier timed = new Barrier(new HeapBarrier(2, null, TimeUnit.MILLISECONDS.toNanos(100)));
        BrokenBarrierException e = assertThrows(BrokenBarrierException.class, timed::await);   // the default timeout
        assertEquals("timed out waiting for the other parties", e.getMessage());
        assertTrue(timed.isBroken());
        timed.reset();
        assertThrows(BrokenBarrierException.class, () -> timed.await(SHORT));
        Barrier failing = new Barrier(new HeapBarrier(2, () -> {
            throw new IOException("action failed");
        }, Long.MAX_VALUE));
        FutureTask<Integer> party = background(failing::await);
        assertTrue(await(() -> failing.numberWaiting() == 1));
        BrokenBarrierException fromAction = assertThrows(BrokenBarrierException.class, failing::await);
        assertInstanceOf(IOException.class, fromAction.getCause());
        assertThrows(BrokenBarrierException.class, () -> result(party));
        assertTrue(failing.isBroken());
    }

    // ---------------------------------------------------------------------------------------------
    // Queues

    @Test
    void queuePutsAndGetsInOrderAndTimesOut() throws Exception {
        Queue<String> queue = new Queue<>(new HeapQueue(2, false));
        assertEquals(2, queue.maxsize());
        assertTrue(queue.empty());
        assertThrows(Queue.Empty.class, queue::getNowait);
        assertThrows(Queue.Empty.class, () -> queue.get(SHORT));
        queue.put("a");
        queue.putNowait(null);
        assertEquals(2, queue.qsize());
        assertTrue(queue.full());
        assertThrows(Queue.Full.class, () -> queue.putNowait("c"));
        assertThrows(Queue.Full.class, () -> queue.put("c", SHORT));
        FutureTask<Void> producer = background(() -> {
            queue.put("c");
            return null;
        });
        assertBlocked(producer);
        assertEquals("a", queue.get());
        result(producer);
        assertNull(queue.get(Duration.ofSeconds(WAIT_SECONDS)));
        assertEquals("c", queue.getNowait());
        FutureTask<String> consumer = background(queue::get);
        assertBlocked(consumer);
        queue.put("d");
        assertEquals("d", result(consumer));
        assertEquals("Queue[size=0, maxsize=2]", queue.toString());
        queue.close();
        assertThrows(IllegalStateException.class, () -> queue.put("e"));
        assertThrows(IllegalArgumentException.class, () -> new HeapQueue(-1, false));
    }

    @Test
    void joinableQueueCountsUnfinishedItems() throws Exception {
        JoinableQueue<Integer> queue = new JoinableQueue<>(new HeapQueue(0, true));
        assertTrue(queue.join(Duration.ZERO));
        IllegalStateException e = assertThrows(IllegalStateException.class, queue::taskDone);
        assertEquals("taskDone() called more times than there were items", e.getMessage());
        queue.put(1);
        queue.put(2);
        assertFalse(queue.join(SHORT));
        FutureTask<Void> joiner = background(() -> {
            queue.join();
            return null;
        });
        assertEquals(1, queue.get());
        queue.taskDone();
        assertBlocked(joiner);
        assertEquals(2, queue.get());
        queue.taskDone();
        result(joiner);
        assertTrue(queue.join(Duration.ZERO));
        assertThrows(IllegalStateException.class, queue::taskDone);
    }

    // ---------------------------------------------------------------------------------------------
    // Travel

    /** Backends of this JVM by id, for {@link Remote}. */
    private static final Map<Integer, Object> BACKENDS = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Stands in for a manager's proxy: serializable, it calls the backend registered under its id. */
    private record Remote(int id) implements InvocationHandler, Serializable {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(BACKENDS.get(id), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static <T> T remote(Class<T> type, T backend) {
        int id = IDS.incrementAndGet();
        BACKENDS.put(id, backend);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new Remote(id)));
    }

    private static <T> T roundTrip(T object) throws IOException {
        Serializer serializer = Serializer.standard();
        byte[] bytes = serializer.serialize(object);
        @SuppressWarnings("unchecked")
        T copy = (T) serializer.deserialize(bytes, 0, bytes.length);
        assertNotSame(object, copy);
        assertSame(object.getClass(), copy.getClass());
        return copy;
    }

    @Test
    void objectsOnARemoteBackendTravelAsTheirBackend() throws Exception {
        Lock lock = roundTrip(new Lock(remote(LockOps.class, new HeapLock())));
        lock.acquire();
        assertTrue(roundTrip(lock).isLocked(), "the copy of a copy shares the backend");

        RLock rlock = new RLock(remote(LockOps.class, new HeapRLock()));
        rlock.acquire();
        assertTrue(roundTrip(rlock).isHeldByCurrentThread());

        Semaphore semaphore = new Semaphore(remote(SemaphoreOps.class, new HeapSemaphore(3, false)));
        assertTrue(roundTrip(semaphore).acquire(Duration.ZERO));
        assertEquals(2, semaphore.availablePermits());

        BoundedSemaphore bounded = roundTrip(new BoundedSemaphore(remote(SemaphoreOps.class, new HeapSemaphore(1, true))));
        assertThrows(IllegalStateException.class, bounded::release);

        Event event = new Event(remote(EventOps.class, new HeapEvent()));
        roundTrip(event).set();
        assertTrue(event.isSet());

        Condition cond = new Condition(remote(ConditionOps.class, new HeapCondition()));
        Condition condCopy = roundTrip(cond);
        condCopy.acquire();
        assertTrue(cond.lock().isHeldByCurrentThread());
        assertTrue(roundTrip(cond.lock()).isHeldByCurrentThread(), "the lock view travels on the condition's backend");
        assertFalse(cond.await(Duration.ZERO));
        condCopy.release();

        AtomicInteger actions = new AtomicInteger();
        Barrier barrier = roundTrip(new Barrier(remote(BarrierOps.class, new HeapBarrier(1, actions::incrementAndGet,
                Long.MAX_VALUE))));
        assertEquals(0, barrier.await());
        assertEquals(1, actions.get());

        Queue<String> queue = new Queue<>(remote(QueueOps.class, new HeapQueue(0, false)));
        roundTrip(queue).put("hello");
        assertEquals("hello", queue.get(Duration.ofSeconds(WAIT_SECONDS)));

        JoinableQueue<String> joinable = new JoinableQueue<>(remote(QueueOps.class, new HeapQueue(0, true)));
        JoinableQueue<String> joinableCopy = roundTrip(joinable);
        joinable.put("task");
        assertEquals("task", joinableCopy.get(Duration.ofSeconds(WAIT_SECONDS)));
        assertFalse(joinable.join(Duration.ZERO));
        joinableCopy.taskDone();
        assertTrue(joinable.join(Duration.ZERO));
    }

    @Test
    void anObjectOnABackendThatCannotTravelFailsToSerialize() {
        SerializationException e = assertThrows(SerializationException.class,
                () -> Serializer.standard().serialize(new Lock(new HeapLock())));
        assertTrue(e.getMessage().contains(HeapLock.class.getName()), e.getMessage());
    }
}
