package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Pool;
import org.multiprocessing4j.cluster.testing.LocalCluster;

/** What the cluster does when members die or are stopped under it (each test a cluster of its own: it kills members). */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterFailoverTest {

    /** A task's result and the process that computed it. */
    record Square(int input, long square, long pid) implements java.io.Serializable {
    }

    @Test
    void aMemberKilledMidMapLosesNoResult() throws Exception {
        try (LocalCluster local = new LocalCluster(3, 2); Pool pool = local.cluster.pool()) {
            long victim = local.members.get(1).process().pid();
            List<Integer> inputs = IntStream.range(0, 120).boxed().toList();
            Iterator<Square> results = pool.imap(x -> {
                Thread.sleep(50);
                return new Square(x, (long) x * x, ProcessHandle.current().pid());
            }, inputs, 1);
            List<Square> received = new ArrayList<>();
            boolean victimWorked = false;
            long killedAt = 0, last = 0, longestGapAfterKill = 0;
            while (results.hasNext()) {
                Square s = results.next();
                long now = System.nanoTime();
                if (killedAt != 0) longestGapAfterKill = Math.max(longestGapAfterKill, now - last);
                last = now;
                received.add(s);
                victimWorked |= s.pid() == victim;
                if (received.size() == 30) {
                    assertTrue(victimWorked, "the member to kill ran none of the first 30 tasks");
                    local.kill(1);
                    killedAt = last = System.nanoTime();
                }
            }
            // A figure for the record, not an assertion: how long the ordered results stalled.
            System.out.printf("member killed: the longest wait for the next ordered result was %d ms%n",
                    longestGapAfterKill / 1_000_000);
            assertEquals(inputs, received.stream().map(Square::input).toList(), "every result, in order");
            for (Square s : received) assertEquals((long) s.input() * s.input(), s.square());
            assertFalse(received.subList(60, 120).stream().anyMatch(s -> s.pid() == victim),
                    "results long after the kill came from the killed member");
            local.awaitMembers(2);
            assertEquals(2, local.cluster.members().size());
            // The pool goes on with the members left.
            assertEquals(List.of(1, 4, 9), pool.map(x -> x * x, List.of(1, 2, 3)));
        }
    }

    @Test
    void membersStoppedTogetherBySigtermHandTheirDataOver() throws Exception {
        try (LocalCluster local = new LocalCluster(3, 1)) {
            java.util.Map<Integer, String> dict = local.cluster.dict("kept");
            for (int i = 0; i < 300; i++) dict.put(i, "value " + i);
            local.terminate(1, 2);      // both at once: without a graceful hand-over, what only they held is lost
            local.awaitMembers(1);
            assertEquals(300, dict.size());
            for (int i = 0; i < 300; i++) assertEquals("value " + i, dict.get(i));
        }
    }
}
