package org.multiprocessing4j.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.SerializableCallable;
import org.multiprocessing4j.SerializableRunnable;

/** A member's slots fed directly, in this JVM (no Hazelcast): DROPs racing a slot's first message. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemberSlotsTest {

    static final CountDownLatch SETTING_UP = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);
    static final AtomicBoolean INTERRUPTED = new AtomicBoolean();
    static final AtomicBoolean INITIALIZED = new AtomicBoolean();

    private final MemberSlots slots = new MemberSlots();
    private final ClusterContext context = new ClusterContext("slots-test", null,
            new Sealer("a key of the test, 32 bytes long".getBytes(StandardCharsets.UTF_8)), getClass().getClassLoader(), slots);
    private final UUID owner = UUID.randomUUID();

    MemberSlotsTest() {
        slots.attach(context);
    }

    private byte[] setup(SerializableRunnable initializer) {
        return context.seal(new Object[] {initializer, (SerializableCallable<?>) null});
    }

    /** The ended byte of a sealed reply: 1 if the slot is gone. */
    private byte endedByte(byte[] sealedReply) throws Exception {
        return context.sealer.open(sealedReply, "a reply")[0];
    }

    @Test
    void aDropDuringTheSetUpInterruptsItAndLeavesNoSlot() throws Exception {
        byte[] setup = setup(() -> {
            SETTING_UP.countDown();
            while (true) {
                try {
                    RELEASE.await();
                    return;
                } catch (InterruptedException e) {
                    INTERRUPTED.set(true);
                }
            }
        });
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
            try {
                return slots.run("slot-1", owner, setup, context.sealer.seal(new byte[0]));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(SETTING_UP.await(30, TimeUnit.SECONDS));
        slots.drop("slot-1", owner);
        RELEASE.countDown();
        assertEquals(1, endedByte(first.get(30, TimeUnit.SECONDS)), "the pool is told the slot is gone");
        assertTrue(INTERRUPTED.get(), "the DROP interrupted the initializer");
        assertEquals(0, slots.size(), "a slot dropped while it was set up is not kept");
    }

    @Test
    void aFirstMessageAfterItsDropMakesNoSlot() throws Exception {
        slots.drop("slot-2", owner);                 // the executor ran the DROP before the first message
        byte[] reply = slots.run("slot-2", owner, setup(() -> INITIALIZED.set(true)), context.sealer.seal(new byte[0]));
        assertEquals(1, endedByte(reply));
        assertFalse(INITIALIZED.get(), "no set-up ran");
        assertEquals(0, slots.size(), "neither the slot nor the drop's mark is left");
    }

    @Test
    void aProgramThatLeavesTakesItsDropMarksAlong() {
        slots.drop("slot-3", owner);
        assertEquals(1, slots.size());
        slots.dropOwnedBy(owner);
        assertEquals(0, slots.size());
    }
}
