package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pipe and Connection: CPython's test_connection, _TestPoll, test_sendbytes, TestWait. */
@Timeout(120)
class ConnectionTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    /** Sends back every message it receives, until end-of-file. */
    private static Process echo(Connection conn) {
        Process p = new Process(() -> {
            while (true) {
                byte[] message;
                try {
                    message = conn.recvBytes();
                } catch (EOFException e) {
                    return;
                }
                conn.sendBytes(message);
            }
        });
        p.start();
        return p;
    }

    @Test
    void objectsAndBytesRoundTripThroughAChild() throws Exception {
        Pipe pipe = Pipe.open();
        Connection conn = pipe.left();
        Process p = echo(pipe.right());
        pipe.right().close();

        List<Object> list = Arrays.asList(1, 2.25, null);
        conn.send(list);
        assertEquals(list, conn.recv());
        conn.send(null);
        assertNull(conn.recv());
        for (Object o : List.of(7, 1L << 40, 3.5, true, "héllo", new ArrayList<>(List.of("a", "b")))) {
            conn.send(o);
            assertEquals(o, conn.recv());
        }
        byte[] bytes = "some bytes".getBytes(StandardCharsets.US_ASCII);
        conn.sendBytes(bytes);
        assertArrayEquals(bytes, conn.recvBytes());

        for (int size : new int[] {16 << 20, 64 << 20}) {
            byte[] big = new byte[size];
            new Random(size).nextBytes(big);
            conn.sendBytes(big);
            assertArrayEquals(big, conn.recvBytes(), size + " bytes");
        }
        conn.close();                             // the echo sees end-of-file and exits
        assertTrue(p.join(LONG));
        assertEquals(0, p.exitCode().getAsInt());
    }

    @Test
    void recvBytesIntoAndBufferTooShort() throws Exception {
        Pipe pipe = Pipe.open();
        byte[] msg = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
        pipe.right().sendBytes(msg);
        byte[] buf = new byte[40];
        assertEquals(26, pipe.left().recvBytesInto(buf, 3));
        assertArrayEquals(msg, Arrays.copyOfRange(buf, 3, 29));

        pipe.right().sendBytes(msg);
        BufferTooShortException e = assertThrows(BufferTooShortException.class,
                () -> pipe.left().recvBytesInto(new byte[30], 10));
        assertArrayEquals(msg, e.message());
        assertFalse(pipe.left().poll(), "the message that did not fit is consumed");
        closeBoth(pipe);
    }

    @Test
    void pollNeverConsumesAndRespectsTimeouts() throws Exception {
        Pipe pipe = Pipe.open();
        Connection reader = pipe.left(), writer = pipe.right();
        assertFalse(reader.poll());
        assertFalse(reader.poll(Duration.ofMillis(-1)));
        long start = System.nanoTime();
        assertFalse(reader.poll(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start >= 150_000_000L, "poll(200 ms) returned early");

        writer.sendBytes(new byte[0]);            // an empty message is a real message
        assertTrue(reader.poll());
        assertTrue(reader.poll(Duration.ofSeconds(5)));
        assertArrayEquals(new byte[0], reader.recvBytes());
        assertFalse(reader.poll());

        for (String s : List.of("a", "b", "cd")) writer.sendBytes(s.getBytes(StandardCharsets.US_ASCII));
        for (String s : List.of("a", "b", "cd")) {
            assertTrue(reader.poll());
            assertEquals(s, new String(reader.recvBytes(), StandardCharsets.US_ASCII), "messages are never merged");
        }
        closeBoth(pipe);
    }

    @Test
    void endOfFileAfterThePeerCloses() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.right().send("last words");
        pipe.right().close();
        assertEquals("last words", pipe.left().recv());
        assertTrue(pipe.left().poll(), "end-of-file is ready to be received");
        assertThrows(EOFException.class, () -> pipe.left().recv());
        assertThrows(IOException.class, () -> pipe.left().send("to nobody"), "broken pipe");
        pipe.left().close();
    }

    @Test
    void aMessageSentJustBeforeTheSenderExitsArrivesWhole() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection theirs = pipe.right();
        byte[] big = new byte[8 << 20];
        new Random(8).nextBytes(big);
        Process p = new Process(() -> theirs.sendBytes(big));   // no close: the exit releases the end
        p.start();
        theirs.close();
        assertArrayEquals(big, pipe.left().recvBytes());
        assertThrows(EOFException.class, () -> pipe.left().recvBytes());
        p.join();
        pipe.left().close();
    }

    @Test
    void endOfFileWhenTheOnlyOtherHolderIsKilled() throws Exception {
        Pipe pipe = Pipe.open();
        Connection theirs = pipe.right();
        Process p = new Process(() -> {
            theirs.send("attached");
            Thread.sleep(60_000);
        });
        p.start();
        theirs.close();                           // right after start(): the child's hold is already counted
        assertEquals("attached", pipe.left().recv());
        p.kill();
        assertThrows(EOFException.class, () -> pipe.left().recv());
        pipe.left().close();
        p.join();
    }

    @Test
    void oneWayPipeRefusesTheWrongDirection() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection reader = pipe.left(), writer = pipe.right();
        assertTrue(reader.readable());
        assertFalse(reader.writable());
        assertTrue(writer.writable());
        assertFalse(writer.readable());
        assertThrows(IllegalStateException.class, () -> reader.send("x"));
        assertThrows(IllegalStateException.class, writer::recv);
        assertThrows(IllegalStateException.class, writer::poll);
        writer.send("one way");
        assertEquals("one way", reader.recv());
        closeBoth(pipe);
    }

    @Test
    void sendBytesChecksItsBounds() throws Exception {
        Pipe pipe = Pipe.open();
        Connection reader = pipe.left(), writer = pipe.right();
        byte[] msg = "abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
        writer.sendBytes(msg, 5);
        assertArrayEquals(Arrays.copyOfRange(msg, 5, 26), reader.recvBytes());
        writer.sendBytes(msg, 7, 8);
        assertArrayEquals(Arrays.copyOfRange(msg, 7, 15), reader.recvBytes());
        writer.sendBytes(msg, 26);
        assertArrayEquals(new byte[0], reader.recvBytes());
        writer.sendBytes(msg, 26, 0);
        assertArrayEquals(new byte[0], reader.recvBytes());
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sendBytes(msg, 27));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sendBytes(msg, 22, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sendBytes(msg, 26, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sendBytes(msg, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.sendBytes(msg, 4, -1));
        assertFalse(reader.poll(), "a refused send sends nothing");
        closeBoth(pipe);
    }

    /** Not serializable. */
    static final class Opaque {
    }

    @Test
    void unserializableMessageFailsInTheCallerAndSendsNothing() throws Exception {
        Pipe pipe = Pipe.open();
        SerializationException e = assertThrows(SerializationException.class,
                () -> pipe.right().send(List.of(new Opaque())));
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertFalse(pipe.left().poll());
        pipe.right().send("still works");
        assertEquals("still works", pipe.left().recv());
        closeBoth(pipe);
    }

    @Test
    void closedConnectionRefusesUse() {
        Pipe pipe = Pipe.open();
        pipe.left().close();
        pipe.left().close();
        assertTrue(pipe.left().closed());
        assertThrows(IllegalStateException.class, () -> pipe.left().send("x"));
        assertThrows(IllegalStateException.class, () -> pipe.left().recv());
        assertThrows(IllegalStateException.class, () -> pipe.left().poll());
        pipe.right().close();
    }

    @Test
    void interruptingABlockedReceiveThrowsInterruptedIOException() throws Exception {
        Pipe pipe = Pipe.open();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                pipe.left().recv();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Thread.sleep(200);
        reader.interrupt();
        reader.join(LONG.toMillis());
        assertFalse(reader.isAlive());
        assertTrue(failure.get() instanceof InterruptedIOException, String.valueOf(failure.get()));
        closeBoth(pipe);
    }

    @Test
    void closingBothEndsRemovesTheSharedMemory() throws Exception {
        Set<String> before = shmFiles();
        Pipe pipe = Pipe.open();
        Connection theirs = pipe.right();
        Set<String> during = shmFiles();
        during.removeAll(before);
        assertEquals(1, during.size(), "one segment per pipe");
        Process p = new Process(() -> {
            theirs.send("hi");
            theirs.close();
        });
        p.start();
        theirs.close();
        assertEquals("hi", pipe.left().recv());
        p.join();
        pipe.left().close();
        assertFalse(shmFiles().containsAll(during), "segment still in /dev/shm after every holder closed");
    }

    /** This process's segments in /dev/shm (other processes may be creating theirs meanwhile). */
    private static Set<String> shmFiles() throws IOException {
        String mine = "mp4j-" + ProcessHandle.current().pid() + "-";
        try (var files = java.nio.file.Files.list(org.multiprocessing4j.shm.MappedSegment.DIRECTORY)) {
            return new HashSet<>(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(mine)).toList());
        }
    }

    // ---------------------------------------------------------------- waitForAny

    @Test
    void waitForAnyCollectsFromSeveralChildrenUntilEndOfFile() throws Exception {
        List<Connection> readers = new ArrayList<>();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Pipe pipe = Pipe.open(false);
            Connection w = pipe.right();
            Process p = new Process(() -> {
                for (int k = 0; k < 10; k++) w.send(List.of(k, ProcessHandle.current().pid()));
                w.close();
            });
            p.setDaemon(true);
            p.start();
            w.close();
            readers.add(pipe.left());
            children.add(p);
        }
        List<List<Number>> received = new ArrayList<>();
        List<Connection> open = new ArrayList<>(readers);
        while (!open.isEmpty()) {
            for (Object ready : Connection.waitForAny(open, LONG)) {
                Connection c = (Connection) ready;
                try {
                    received.add(c.recv());
                } catch (EOFException e) {
                    open.remove(c);
                    c.close();
                }
            }
        }
        assertEquals(40, received.size());
        for (Process p : children) {
            p.join();
            for (int k = 0; k < 10; k++) assertTrue(received.contains(List.of(k, p.pid())));
        }
    }

    @Test
    void waitForAnyTimesOutAndSeesProcessesEnd() throws Exception {
        Pipe a = Pipe.open(), b = Pipe.open();
        long start = System.nanoTime();
        assertEquals(List.of(), Connection.waitForAny(List.of(a.left(), b.left()), Duration.ofMillis(500)));
        assertTrue(System.nanoTime() - start >= 450_000_000L, "returned before the timeout");

        start = System.nanoTime();
        assertEquals(List.of(), Connection.waitForAny(List.of(a.left(), b.left()), Duration.ofMillis(-1)));
        assertTrue(System.nanoTime() - start < 1_000_000_000L);

        Process p = new Process(() -> Thread.sleep(1_000));
        assertThrows(IllegalStateException.class, () -> Connection.waitForAny(List.of(p), Duration.ZERO),
                "an unstarted process cannot be waited for");
        p.start();
        start = System.nanoTime();
        List<Object> ready = Connection.waitForAny(List.of(a.left(), p), LONG);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(List.of(p), ready);
        assertTrue(seconds > 0.5 && seconds < 20, "ended after " + seconds + " s");

        b.right().send("now");
        ready = Connection.waitForAny(List.of(a.left(), b.left(), p), LONG);
        assertEquals(Set.of(b.left(), p), new HashSet<>(ready));
        assertThrows(IllegalArgumentException.class, () -> Connection.waitForAny(List.of("not waitable"), Duration.ZERO));
        closeBoth(a);
        closeBoth(b);
    }

    @Test
    void aConnectionSentThroughAConnectionWorks() throws Exception {
        Pipe carrier = Pipe.open(), payload = Pipe.open();
        Connection carrierEnd = carrier.right();
        Process p = new Process(() -> {
            Connection received = carrierEnd.recv();
            received.send("through a travelled connection");
            received.close();
        });
        p.start();
        carrier.left().send(payload.right());
        payload.right().close();
        assertEquals("through a travelled connection", payload.left().recv());
        assertThrows(EOFException.class, () -> payload.left().recv());
        p.join();
        closeBoth(carrier);
        payload.left().close();
        assertSame(0, p.exitCode().getAsInt());
    }

    @Test
    void aChildKilledBeforeAttachingDoesNotKeepThePipeOpen() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection writer = pipe.right();
        Process p = new Process(() -> writer.send("never sent: killed while booting"));
        p.start();
        p.kill();                                  // long before its JVM has booted and attached
        assertTrue(p.join(LONG));
        writer.close();
        assertThrows(EOFException.class, () -> pipe.left().recv());
        pipe.left().close();
    }

    @Test
    void manyChildrenInTurnCanHoldOneEnd() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection writer = pipe.right();
        for (int n = 0; n < 20; n++) {             // more children than an end has holder slots
            int value = n;
            Process p = new Process(() -> writer.send(value));   // returns without close()
            p.start();
            assertEquals(value, (int) pipe.left().recv());
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt(), "child " + n);
        }
        closeBoth(pipe);
    }

    @Test
    void anInterruptedSendFinishesTheMessageItBegan() throws Exception {
        Pipe pipe = Pipe.open(false);
        byte[] big = new byte[3 << 20];            // three times the ring: streamed
        new Random(3).nextBytes(big);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread sender = Thread.ofPlatform().start(() -> {
            try {
                pipe.right().sendBytes(big);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Thread.sleep(200);                         // the ring is full, the message half sent
        sender.interrupt();
        assertArrayEquals(big, pipe.left().recvBytes(), "the message arrives whole");
        sender.join(LONG.toMillis());
        assertFalse(sender.isAlive());
        assertNull(failure.get());
        pipe.right().send("next");
        assertEquals("next", pipe.left().recv());
        closeBoth(pipe);
    }

    @Test
    void aPipeMadeByAChildOutlivesItWhileOthersHoldIt() throws Exception {
        Pipe carrier = Pipe.open();
        Connection out = carrier.right();
        Process maker = new Process(() -> {
            Pipe made = Pipe.open();
            out.send(List.of(made.left(), made.right()));
        });
        maker.start();
        List<Connection> ends = carrier.left().recv();
        assertTrue(maker.join(LONG));              // its exit hook and later sweeps must spare the pipe
        Connection theirs = ends.get(1);
        Process user = new Process(() -> theirs.send("still here"));
        user.start();
        assertEquals("still here", ends.get(0).recv());
        user.join();
        ends.forEach(Connection::close);
        closeBoth(carrier);
    }

    @Test
    void severalProcessesSharingOneEndSendWholeMessages() throws Exception {
        Pipe pipe = Pipe.open(false);
        Connection shared = pipe.right();
        List<Process> senders = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            int sender = k;
            Process p = new Process(() -> {
                for (int n = 0; n < 500; n++) shared.send(List.of(sender, n, "x".repeat(n % 50)));
            });
            p.start();
            senders.add(p);
        }
        shared.close();
        int[] next = new int[4];
        for (int m = 0; m < 2_000; m++) {
            List<Object> message = pipe.left().recv();
            int sender = (Integer) message.get(0), n = (Integer) message.get(1);
            assertEquals(next[sender]++, n, "messages of one sender arrive whole and in order");
            assertEquals("x".repeat(n % 50), message.get(2));
        }
        for (Process p : senders) {
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt());
        }
        assertThrows(EOFException.class, () -> pipe.left().recv());
        pipe.left().close();
    }

    @Test
    void futexIsUsedExactlyWhenNativeAccessIsEnabled() {
        String expected = System.getProperty("multiprocessing4j.test.expectNativeFutex");
        org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run by the build, which sets the expectation");
        assertEquals(Boolean.parseBoolean(expected), org.multiprocessing4j.shm.Futex.isNative());
    }

    private static void closeBoth(Pipe pipe) {
        pipe.left().close();
        pipe.right().close();
    }
}
