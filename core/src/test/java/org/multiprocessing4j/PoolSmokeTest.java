package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class PoolSmokeTest {
    @Test
    void basics() throws Exception {
        long t0 = System.nanoTime();
        try (var pool = new Pool(2)) {
            assertEquals(List.of(2, 4, 6, 8, 10), pool.map(x -> x * 2, List.of(1, 2, 3, 4, 5)));
            System.out.println("first map after ms " + (System.nanoTime() - t0) / 1e6);
            assertEquals(49, pool.apply(() -> 7 * 7));
            var r = pool.applyAsync((Integer x) -> {
                if (x == 0) throw new IllegalArgumentException("zero");
                return x;
            }, 0);
            var e = assertThrows(IllegalArgumentException.class, r::get);
            e.printStackTrace();
            long sum; List<Integer> big = new ArrayList<>();
            for (int i = 0; i < 200_000; i++) big.add(i);
            long t1 = System.nanoTime();
            List<Integer> out = pool.map(x -> x * 2, big);
            System.out.println("map 200k ms " + (System.nanoTime() - t1) / 1e6);
            assertEquals(399_998, out.get(199_999));
            for (int round = 0; round < 5; round++) {
            t1 = System.nanoTime();
            out = pool.map(x -> x * 2, big);
            System.out.println("map 200k ms " + (System.nanoTime() - t1) / 1e6);
            t1 = System.nanoTime();
            List<AsyncResult<Integer>> rs = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) rs.add(pool.applyAsync(x -> x * 2, i));
            sum = 0;
            for (var a : rs) sum += a.get();
            System.out.println("apply_async 20k ms " + (System.nanoTime() - t1) / 1e6 + " sum " + sum);
            t1 = System.nanoTime();
            var it = pool.imapUnordered(x -> x * 2, big.subList(0, 20_000));
            sum = 0;
            while (it.hasNext()) sum += (Integer) it.next();
            System.out.println("imap_unordered 20k ms " + (System.nanoTime() - t1) / 1e6 + " sum " + sum);
            }
            var pids = pool.workerPids();
            var lost = pool.applyAsync(() -> { Runtime.getRuntime().halt(7); return 1; });
            var ex = assertThrows(WorkerLostException.class, lost::get);
            System.out.println(ex.getMessage());
            assertEquals(List.of(1, 2), pool.map(x -> x, List.of(1, 2)));
            System.out.println(pool.workerStats());
        }
    }
}
