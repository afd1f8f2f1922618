package org.multiprocessing4j.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exit hook of a process that sent a handle must spare the segment while the receiver takes
 * the handle over (adds its hold, then removes the sender's), whatever the moment of its look.
 */
@Timeout(60)
class ExitCleanupRaceTest {

    private static final int ROUNDS = 10_000;

    @Test
    void aHandleTakenOverWhileTheSenderExitsKeepsItsSegment() throws Exception {
        java.lang.Process receiver = new ProcessBuilder("sleep", "120").start();   // a live pid to hold in the receiver's name
        HeldSegment held = HeldSegment.create(1, 1, 16, 64);
        MappedSegment mapped = MappedSegment.attach(held.name());
        long self = ProcessHandle.current().pid(), other = receiver.pid();
        HolderTable table = held.table(0);
        table.acquire(self);                      // this process's own instance
        held.instanceHolds(0);
        AtomicInteger round = new AtomicInteger(), done = new AtomicInteger();
        Thread taker = new Thread(() -> {
            HolderTable view = new HolderTable(mapped.segment().asSlice(64), 16);   // the receiver's own view of table 0
            for (int r = 1; r <= ROUNDS; r++) {
                while (round.get() < r) Thread.onSpinWait();
                for (int spin = ThreadLocalRandom.current().nextInt(64); spin > 0; spin--) Thread.onSpinWait();
                view.acquire(other);              // the receiver's attach: its hold first,
                view.release(self);               // then the sender's hold for the handle goes
                done.set(r);
            }
        });
        taker.setDaemon(true);
        taker.start();
        int unheld = 0;
        try {
            for (int r = 1; r <= ROUNDS; r++) {
                table.acquire(self);              // a handle in flight
                round.set(r);
                if (MappedSegment.unheldAtExit(mapped)) unheld++;
                while (done.get() < r) Thread.onSpinWait();
                table.release(other);             // back to: only this process holds it
            }
        } finally {
            taker.interrupt();
            mapped.unlink();
            receiver.destroyForcibly().waitFor();
        }
        assertEquals(0, unheld, "rounds in which the exit hook would have unlinked a segment being taken over");
    }
}
