package org.multiprocessing4j.cluster;

import com.hazelcast.collection.IQueue;
import com.hazelcast.collection.ItemEvent;
import com.hazelcast.collection.ItemListener;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits for something on the cluster without holding a request open there: tries a non-blocking
 * attempt, and tries again whenever a Hazelcast event says the state it reads may have changed
 * (an entry of a map, the items of a queue) and at least every {@link #RECHECK_NANOS}, so that an
 * event lost with a connection, or a change that makes no event (a dead holder's lock released by
 * Hazelcast), cannot hang a waiter. Nothing is left pending on a member when the waiter times out
 * or is interrupted. The listener is registered only when the first attempt fails.
 *
 * <p>Thread-safe: each wait has its own listener and signal.
 */
final class ClusterWait {

    /** The longest a waiter goes without trying again. */
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** Changes a waiter is told of: a Hazelcast listener registration. */
    interface Changes {

        /** Registers {@code onChange} to be run on every change; returns the registration's id. */
        UUID listen(Runnable onChange);

        /** Removes the registration {@code id}. */
        void stop(UUID id);
    }

    private ClusterWait() {
    }

    /** Changes of the entry {@code key} of {@code map}: added, updated, removed. */
    static <K> Changes entry(IMap<K, ?> map, K key) {
        return new Changes() {
            @Override
            public UUID listen(Runnable onChange) {
                return map.addEntryListener(new EntryChanged<>(onChange), key, false);
            }

            @Override
            public void stop(UUID id) {
                map.removeEntryListener(id);
            }
        };
    }

    /** Items added to or removed from {@code queue}. */
    static <E> Changes items(IQueue<E> queue) {
        return new Changes() {
            @Override
            public UUID listen(Runnable onChange) {
                return queue.addItemListener(new ItemListener<E>() {
                    @Override
                    public void itemAdded(ItemEvent<E> item) {
                        onChange.run();
                    }

                    @Override
                    public void itemRemoved(ItemEvent<E> item) {
                        onChange.run();
                    }
                }, false);
            }

            @Override
            public void stop(UUID id) {
                queue.removeItemListener(id);
            }
        };
    }

    /**
     * Runs {@code attempt} until it returns non-null, at most {@code timeoutNanos}
     * ({@link Long#MAX_VALUE}: for ever; zero or less: once).
     *
     * @return the attempt's result, or null if the time ran out
     * @throws InterruptedException if the current thread is interrupted while waiting
     */
    static <T> T until(Changes changes, Supplier<T> attempt, long timeoutNanos) throws InterruptedException {
        T result = attempt.get();
        if (result != null || timeoutNanos <= 0) return result;
        long deadline = System.nanoTime() + timeoutNanos;
        Semaphore changed = new Semaphore(0);
        UUID registration = changes.listen(changed::release);
        try {
            while (true) {
                changed.drainPermits();          // a change after this point makes the wait below return at once
                result = attempt.get();
                if (result != null) return result;
                long wait = RECHECK_NANOS;
                if (timeoutNanos != Long.MAX_VALUE) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return null;
                    wait = Math.min(wait, left);
                }
                changed.tryAcquire(wait, TimeUnit.NANOSECONDS);
            }
        } finally {
            changes.stop(registration);
        }
    }

    /** Runs its action on any change of an entry. */
    private record EntryChanged<K, V>(Runnable onChange)
            implements EntryAddedListener<K, V>, EntryUpdatedListener<K, V>, EntryRemovedListener<K, V> {

        @Override
        public void entryAdded(com.hazelcast.core.EntryEvent<K, V> event) {
            onChange.run();
        }

        @Override
        public void entryUpdated(com.hazelcast.core.EntryEvent<K, V> event) {
            onChange.run();
        }

        @Override
        public void entryRemoved(com.hazelcast.core.EntryEvent<K, V> event) {
            onChange.run();
        }
    }
}
