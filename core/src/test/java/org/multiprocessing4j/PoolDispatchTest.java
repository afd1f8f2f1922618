package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a pool hands out chunks: as CPython's, to whichever worker is free, so a long task never
 * holds up a short one behind it while another worker could run it.
 */
@Timeout(60)
class PoolDispatchTest {

    /** Sleeps {@code millis} and returns this worker's pid. */
    private static long sleepThenPid(int millis) throws InterruptedException {
        Thread.sleep(millis);
        return ProcessHandle.current().pid();
    }

    /**
     * Seed 001's Pool example in small: in a fresh pool of two, four one-item chunks (the default
     * chunking of four items), the first long. The three short ones must all run in the other
     * worker: none may be queued behind the long one (they were, when a worker that had not yet
     * run anything was sent two chunks at once).
     */
    @Test
    void shortTasksAreNotQueuedBehindALongOneInAFreshPool() throws Exception {
        List<Long> pids;
        try (Pool pool = new Pool(2)) {
            pids = pool.<Integer, Long>mapAsync(PoolDispatchTest::sleepThenPid, List.of(4000, 100, 100, 100))
                    .get(Duration.ofSeconds(30));
        }
        long longOne = pids.getFirst();
        Set<Long> shortOnes = pids.subList(1, 4).stream().collect(Collectors.toSet());
        assertEquals(1, shortOnes.size(), () -> "the short tasks ran in one worker: " + pids);
        assertTrue(!shortOnes.contains(longOne), () -> "the short tasks ran in the worker that was busy with the long one: " + pids);
    }
}
