package org.multiprocessing4j.cluster;

import com.hazelcast.map.IMap;
import java.util.Objects;

/**
 * Replaces or removes a sealed map entry if its value {@code equals} an expected object: reads the
 * stored bytes, opens and compares them in the caller, then swaps by those exact bytes with
 * IMap's atomic {@code replace}/{@code remove}; a concurrent change between the two makes it read
 * again. Atomic as a whole (linearizable at the successful swap), with {@code equals} semantics
 * although the map compares serialized bytes.
 */
final class EqualsCas {

    private EqualsCas() {
    }

    /**
     * Replaces the value of {@code key} with {@code sealedNew} (null: removes the entry) if the
     * present value equals {@code expected}.
     *
     * @param what names the entry in an exception
     * @return false if there is no value, or it does not equal {@code expected}
     */
    static <K> boolean replace(ClusterRef ref, IMap<K, byte[]> map, K key, Object expected, byte[] sealedNew, String what) {
        while (true) {
            byte[] current = map.get(key);
            if (current == null || !Objects.equals(ref.open(current, what), expected)) return false;
            if (sealedNew == null ? map.remove(key, current) : map.replace(key, current, sealedNew)) return true;
        }
    }
}
