package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.multiprocessing4j.serialize.Serializer;

/** Listener, Client and authentication: CPython's _TestListenerClient, test_issue14725 and the challenge tests. */
@Timeout(120)
class ListenerTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final byte[] KEY = "a shared secret".getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void noChildLeftBehind() throws Exception {
        List<Process> left = Multiprocessing.activeChildren();
        for (Process p : left) {
            p.kill();
            p.join(LONG);
        }
        assertEquals(List.of(), left, "children still running after the test");
    }

    private static Listener open(boolean tcp) throws IOException {
        return tcp ? Listener.open(0) : Listener.open();
    }

    /** Runs {@code task} in a thread of its own (a client must connect while the listener accepts). */
    private static <T> Future<T> inThread(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread.ofPlatform().daemon().start(future);
        return future;
    }

    /** A connected, authenticated pair: element 0 accepted by {@code listener}, element 1 the client's. */
    private static Connection[] pair(Listener listener) throws Exception {
        Future<Connection> client = inThread(() -> Client.connect(listener.address()));
        Connection accepted = listener.accept(LONG);
        return new Connection[] {accepted, client.get(LONG.toSeconds(), TimeUnit.SECONDS)};
    }

    private static <T> T receive(Connection conn) throws IOException {
        assertTrue(conn.poll(LONG), "nothing arrived within " + LONG);
        return conn.recv();
    }

    // ---------------------------------------------------------------- with a child process

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void aChildSaysHelloAndTheMessageOutlivesItsClose(boolean tcp) throws Exception {
        try (Listener listener = open(tcp)) {
            SocketAddress address = listener.address();
            assertTrue(tcp ? address instanceof InetSocketAddress inet && inet.getPort() > 0
                    : address instanceof UnixDomainSocketAddress, String.valueOf(address));
            Pipe signal = Pipe.open(false);
            Connection connecting = signal.right();
            Process p = new Process(() -> {
                connecting.send("connecting");
                Connection conn = Client.connect(address);     // the default key: inherited from the parent
                conn.send("hello");
                conn.close();
            });
            p.start();
            connecting.close();
            assertEquals("connecting", receive(signal.left()));
            signal.left().close();
            Thread.sleep(200);                                 // the child waits in connect: nobody accepts yet
            try (Connection conn = listener.accept(LONG)) {
                assertTrue(p.join(LONG), "the child did not end");
                assertEquals(0, p.exitCode().getAsInt());
                assertEquals("hello", receive(conn), "sent, then closed, before the parent read it");
                assertTrue(conn.poll(LONG));
                assertThrows(EOFException.class, conn::recv);
                assertTrue(listener.lastAccepted().isPresent());
            }
        }
    }

    @Test
    void aChildWithAnotherKeyIsRefusedOnBothSides() throws Exception {
        try (Listener listener = Listener.open(null, KEY)) {
            SocketAddress address = listener.address();
            Pipe pipe = Pipe.open(false);
            Connection report = pipe.right();
            Process p = new Process(() -> {
                try (Connection conn = Client.connect(address, "another secret".getBytes(StandardCharsets.UTF_8))) {
                    report.send("connected: " + conn);
                } catch (AuthenticationException e) {
                    report.send("refused: " + e.getMessage());
                }
            });
            p.start();
            report.close();
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> listener.accept(LONG));
            assertTrue(e.getMessage().contains("wrong"), e.getMessage());
            String childSide = receive(pipe.left());
            assertTrue(childSide.startsWith("refused: "), childSide);
            assertTrue(p.join(LONG));
            assertEquals(0, p.exitCode().getAsInt());
            pipe.left().close();
            // the listener goes on: the right key still gets in
            Future<Connection> client = inThread(() -> Client.connect(address, KEY));
            try (Connection accepted = listener.accept(LONG); Connection c = client.get(30, TimeUnit.SECONDS)) {
                c.send(42);
                assertEquals(42, (int) receive(accepted));
            }
        }
    }

    @Test
    void aSocketConnectionCannotTravelToAChild() throws Exception {
        try (Listener listener = Listener.open()) {
            Connection[] ends = pair(listener);
            Connection mine = ends[1];
            Process p = new Process(() -> mine.send("from the child"));
            SerializationException e = assertThrows(SerializationException.class, p::start);
            assertTrue(e.getMessage().contains("a socket connection cannot be sent to another process"), e.getMessage());
            assertFalse(e.getMessage().contains("does not implement"), e.getMessage());
            closeAll(ends);
        }
    }

    // ---------------------------------------------------------------- addresses

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void bindingAnAddressInUseFailsAndLeavesTheFirstListenerAlone(boolean tcp) throws Exception {
        try (Listener first = open(tcp)) {
            BindException e = assertThrows(BindException.class, () -> Listener.open(first.address()));
            assertTrue(e.getMessage().contains(String.valueOf(first.address())), e.getMessage());
            Connection[] ends = pair(first);                   // the failed bind removed nothing
            ends[1].send("still listening");
            assertEquals("still listening", receive(ends[0]));
            closeAll(ends);
        }
    }

    @Test
    void aUnixSocketAndItsDirectoryAreRemovedOnClose() throws Exception {
        Listener fresh = Listener.open();
        Path socket = ((UnixDomainSocketAddress) fresh.address()).getPath();
        assertTrue(Files.exists(socket));
        fresh.close();
        fresh.close();
        assertFalse(Files.exists(socket), socket + " left behind");
        assertFalse(Files.exists(socket.getParent()), socket.getParent() + " left behind");

        Path chosen = Files.createTempDirectory("listener-test-").resolve("chosen.sock");
        try (Listener listener = Listener.open(UnixDomainSocketAddress.of(chosen), KEY)) {
            assertEquals(UnixDomainSocketAddress.of(chosen), listener.address());
        }
        assertFalse(Files.exists(chosen), chosen + " left behind");
        Files.delete(chosen.getParent());
        assertThrows(ConnectException.class, () -> Client.connect(UnixDomainSocketAddress.of(chosen)));
    }

    @Test
    void aTcpListenerOnAPortIsOnLoopback() throws Exception {
        try (Listener listener = Listener.open(0)) {
            InetSocketAddress address = (InetSocketAddress) listener.address();
            assertTrue(address.getAddress().isLoopbackAddress(), String.valueOf(address));
            Connection[] ends = pair(listener);
            assertTrue(ends[0].readable() && ends[0].writable());
            ends[0].send("both ways");
            assertEquals("both ways", receive(ends[1]));
            closeAll(ends);
        }
    }

    // ---------------------------------------------------------------- authentication

    @Test
    void anEmptyKeyWorks() throws Exception {
        try (Listener listener = Listener.open(null, new byte[0])) {
            Future<Connection> client = inThread(() -> Client.connect(listener.address(), new byte[0]));
            try (Connection accepted = listener.accept(LONG); Connection c = client.get(30, TimeUnit.SECONDS)) {
                c.send(List.of("with", "an", "empty", "key"));
                assertEquals(List.of("with", "an", "empty", "key"), receive(accepted));
            }
            // and an empty key is a key: the process's key does not match it
            Future<Connection> other = inThread(() -> Client.connect(listener.address()));
            assertThrows(AuthenticationException.class, () -> listener.accept(LONG));
            ExecutionException e = assertThrows(ExecutionException.class, () -> other.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof AuthenticationException, String.valueOf(e.getCause()));
        }
    }

    /** Records whether an instance was ever deserialized in this JVM. */
    static final class Tripwire implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static volatile boolean deserialized;

        @Serial
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            deserialized = true;
            in.defaultReadObject();
        }
    }

    private static void writeFrame(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return payload;
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random bytes", "a serialized object", "a huge length"})
    void aBogusAnswerToTheChallengeIsRefusedWithoutDeserializing(String answer) throws Exception {
        Tripwire.deserialized = false;
        byte[] tripwire = Serializer.standard().serialize(new Tripwire());
        try (Listener listener = Listener.open()) {
            Future<String> hostile = inThread(() -> {
                try (SocketChannel raw = SocketChannel.open(listener.address())) {
                    DataInputStream in = new DataInputStream(Channels.newInputStream(raw));
                    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(raw));
                    byte[] challenge = readFrame(in);
                    assertTrue(ascii(challenge).startsWith("#CHALLENGE#{sha256}"), ascii(challenge));
                    assertEquals("#CHALLENGE#{sha256}".length() + 32, challenge.length);
                    switch (answer) {
                        case "random bytes" -> {
                            byte[] noise = new byte[40];
                            new Random(40).nextBytes(noise);
                            writeFrame(out, noise);
                        }
                        case "a serialized object" -> writeFrame(out, tripwire);
                        default -> {
                            out.writeInt(Integer.MAX_VALUE - 8);   // announced, never sent
                            out.flush();
                        }
                    }
                    return ascii(readFrame(in));
                }
            });
            long start = System.nanoTime();
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> listener.accept(LONG));
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "took " + (System.nanoTime() - start) + " ns");
            assertEquals("#FAILURE#", hostile.get(30, TimeUnit.SECONDS), "the peer is told: " + e.getMessage());
            assertFalse(Tripwire.deserialized, "the listener deserialized what an unauthenticated peer sent");
        }
        // the tripwire works: deserializing those bytes does trip it
        Serializer.standard().deserialize(tripwire, 0, tripwire.length);
        assertTrue(Tripwire.deserialized);
        Tripwire.deserialized = false;
    }

    @Test
    void aHostileListenerIsRefusedWithoutDeserializing() throws Exception {
        Tripwire.deserialized = false;
        byte[] tripwire = Serializer.standard().serialize(new Tripwire());
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketAddress address = server.getLocalAddress();
            Future<Void> hostile = inThread(() -> {
                try (SocketChannel raw = server.accept()) {
                    writeFrame(new DataOutputStream(Channels.newOutputStream(raw)), tripwire);
                    raw.read(ByteBuffer.allocate(1));       // until the client hangs up
                }
                return null;
            });
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> Client.connect(address));
            assertTrue(e.getMessage().contains("expected a challenge"), e.getMessage());
            hostile.get(30, TimeUnit.SECONDS);
        }
        assertFalse(Tripwire.deserialized, "the client deserialized what an unauthenticated listener sent");
    }

    @Test
    void aListenerThatDoesNotKnowTheKeyIsRefusedByTheClient() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketAddress address = server.getLocalAddress();
            Future<String> impostor = inThread(() -> {
                try (SocketChannel raw = server.accept()) {
                    DataInputStream in = new DataInputStream(Channels.newInputStream(raw));
                    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(raw));
                    byte[] nonce = new byte[32];
                    writeFrame(out, concat("#CHALLENGE#{sha256}".getBytes(StandardCharsets.US_ASCII), nonce));
                    readFrame(in);                          // the client's answer, ignored
                    writeFrame(out, "#WELCOME#".getBytes(StandardCharsets.US_ASCII));   // a lie
                    readFrame(in);                          // the client's own challenge
                    writeFrame(out, concat("{sha256}".getBytes(StandardCharsets.US_ASCII), new byte[32]));
                    return ascii(readFrame(in));
                }
            });
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> Client.connect(address));
            assertTrue(e.getMessage().contains("wrong"), e.getMessage());
            assertEquals("#FAILURE#", impostor.get(30, TimeUnit.SECONDS));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    // ---------------------------------------------------------------- messages

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void largeMessagesRoundTrip(boolean tcp) throws Exception {
        try (Listener listener = open(tcp)) {
            Connection[] ends = pair(listener);
            Connection server = ends[0], client = ends[1];
            byte[] big = new byte[10 << 20];
            new Random(10).nextBytes(big);
            Future<Void> echo = inThread(() -> {
                server.sendBytes(server.recvBytes());
                int[] numbers = server.recv();
                server.send(numbers);
                return null;
            });
            client.sendBytes(big);
            assertTrue(client.poll(LONG));
            assertArrayEquals(big, client.recvBytes());
            int[] numbers = new Random(3).ints(1 << 20).toArray();
            client.send(numbers);
            assertArrayEquals(numbers, receive(client));
            echo.get(30, TimeUnit.SECONDS);

            server.sendBytes(big, 100, 5000);
            byte[] into = new byte[6000];
            assertTrue(client.poll(LONG));
            assertEquals(5000, client.recvBytesInto(into, 1000));
            assertArrayEquals(Arrays.copyOfRange(big, 100, 5100), Arrays.copyOfRange(into, 1000, 6000));
            server.sendBytes(big, 0, 7000);
            BufferTooShortException e = assertThrows(BufferTooShortException.class, () -> client.recvBytesInto(into));
            assertEquals(7000, e.message().length);
            server.sendBytes(new byte[0]);                      // an empty message is a message
            assertTrue(client.poll(LONG));
            assertArrayEquals(new byte[0], client.recvBytes());
            closeAll(ends);
        }
    }

    @Test
    void concurrentSendersNeverMixTheirMessages() throws Exception {
        try (Listener listener = Listener.open()) {
            Connection[] ends = pair(listener);
            int threads = 4, each = 50;
            List<Future<Void>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                senders.add(inThread(() -> {
                    for (int i = 0; i < each; i++) {
                        byte[] message = new byte[2 + (i * 7919 % 200_000)];   // many span several writes
                        Arrays.fill(message, (byte) id);
                        message[0] = (byte) i;
                        ends[1].sendBytes(message);
                    }
                    return null;
                }));
            }
            Set<String> seen = new HashSet<>();
            for (int n = 0; n < threads * each; n++) {
                assertTrue(ends[0].poll(LONG));
                byte[] message = ends[0].recvBytes();
                byte id = message[1];
                for (int k = 1; k < message.length; k++) assertEquals(id, message[k], "mixed message");
                assertEquals(2 + (message[0] * 7919 % 200_000), message.length);
                seen.add(id + "/" + message[0]);
            }
            for (Future<Void> s : senders) s.get(30, TimeUnit.SECONDS);
            assertFalse(ends[0].poll());
            assertEquals(threads * each, seen.size(), "every message once");
            closeAll(ends);
        }
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void endOfFileAfterThePeerCloses(boolean tcp) throws Exception {
        try (Listener listener = open(tcp)) {
            Connection[] ends = pair(listener);
            ends[1].send("last words");
            ends[1].close();
            assertTrue(ends[1].closed());
            assertThrows(IllegalStateException.class, () -> ends[1].send("from a closed connection"));
            assertEquals("last words", receive(ends[0]));
            assertTrue(ends[0].poll(LONG), "end-of-file is ready to be received");
            assertThrows(EOFException.class, ends[0]::recv);
            assertThrows(EOFException.class, ends[0]::recv, "and stays so");
            assertEquals(List.of(ends[0]), Connection.waitForAny(List.of(ends[0]), LONG));
            ends[0].close();
        }
    }

    @Test
    void pollTimesOutAndNeverConsumes() throws Exception {
        try (Listener listener = Listener.open()) {
            Connection[] ends = pair(listener);
            Connection reader = ends[0], writer = ends[1];
            assertFalse(reader.poll());
            assertFalse(reader.poll(Duration.ofMillis(-1)));
            long start = System.nanoTime();
            assertFalse(reader.poll(Duration.ofMillis(300)));
            long took = System.nanoTime() - start;
            assertTrue(took >= 250_000_000L, "poll(300 ms) returned after " + took + " ns");
            for (String s : List.of("a", "b", "cd")) writer.sendBytes(s.getBytes(StandardCharsets.US_ASCII));
            for (String s : List.of("a", "b", "cd")) {
                assertTrue(reader.poll(LONG));
                assertTrue(reader.poll(), "a poll does not consume");
                assertEquals(s, ascii(reader.recvBytes()), "messages are never merged");
            }
            assertFalse(reader.poll());
            closeAll(ends);
        }
    }

    @Test
    void waitForAnySeesSocketConnectionsAndPipesTogether() throws Exception {
        try (Listener listener = Listener.open(0)) {
            Connection[] a = pair(listener), b = pair(listener);
            Pipe pipe = Pipe.open();
            List<Connection> readers = List.of(a[0], b[0], pipe.left());
            assertEquals(List.of(), Connection.waitForAny(readers, Duration.ofMillis(200)));
            Future<Void> late = inThread(() -> {
                Thread.sleep(200);
                b[1].send("b");
                return null;
            });
            assertEquals(List.of(b[0]), Connection.waitForAny(readers, LONG));
            late.get(30, TimeUnit.SECONDS);
            pipe.right().send("pipe");
            a[1].send("a");
            long deadline = System.nanoTime() + LONG.toNanos();
            while (Connection.waitForAny(readers, LONG).size() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
            assertEquals(Set.copyOf(readers), Set.copyOf(Connection.waitForAny(readers, LONG)));
            assertEquals("a", a[0].recv());
            assertEquals("b", b[0].recv());
            assertEquals("pipe", pipe.left().recv());
            closeAll(a);
            closeAll(b);
            pipe.left().close();
            pipe.right().close();
        }
    }

    @Test
    void anInterruptedReceiveLeavesTheConnectionUsable() throws Exception {
        try (Listener listener = Listener.open()) {
            Connection[] ends = pair(listener);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    ends[0].recv();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            Thread.sleep(200);
            reader.interrupt();
            reader.join(LONG.toMillis());
            assertFalse(reader.isAlive());
            assertTrue(failure.get() instanceof InterruptedIOException, String.valueOf(failure.get()));
            ends[1].send("after the interrupt");            // an interrupt does not close the socket
            assertEquals("after the interrupt", receive(ends[0]));
            closeAll(ends);
        }
    }

    @Test
    void closingAConnectionReleasesAThreadWaitingOnIt() throws Exception {
        try (Listener listener = Listener.open()) {
            Connection[] ends = pair(listener);
            Future<Object> waiting = inThread(ends[0]::recv);
            Thread.sleep(200);
            ends[0].close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
            ends[1].close();
        }
    }

    // ---------------------------------------------------------------- accepting

    @Test
    void acceptTimesOutAndTheListenerGoesOn() throws Exception {
        try (Listener listener = Listener.open()) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class, () -> listener.accept(Duration.ofMillis(300)));
            long took = System.nanoTime() - start;
            assertTrue(took >= 250_000_000L && took < 20_000_000_000L, "accept(300 ms) took " + took + " ns");
            assertTrue(listener.lastAccepted().isEmpty());

            try (SocketChannel silent = SocketChannel.open(listener.address())) {   // connects, never answers
                assertThrows(SocketTimeoutException.class, () -> listener.accept(Duration.ofMillis(300)));
                assertTrue(silent.isOpen());
            }
            Connection[] ends = pair(listener);
            ends[1].send("after two timeouts");
            assertEquals("after two timeouts", receive(ends[0]));
            closeAll(ends);
        }
    }

    @Test
    void closingTheListenerReleasesABlockedAccept() throws Exception {
        Listener listener = Listener.open();
        Future<Connection> accepting = inThread(listener::accept);
        Thread.sleep(300);
        listener.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> accepting.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SocketException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
        assertThrows(IllegalStateException.class, listener::accept);
        assertThrows(ConnectException.class, () -> Client.connect(listener.address()));
    }

    @Test
    void anInterruptedAcceptLeavesTheListenerOpen() throws Exception {
        try (Listener listener = Listener.open()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread acceptor = Thread.ofPlatform().start(() -> {
                try {
                    listener.accept();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            Thread.sleep(200);
            acceptor.interrupt();
            acceptor.join(LONG.toMillis());
            assertFalse(acceptor.isAlive());
            assertTrue(failure.get() instanceof InterruptedIOException, String.valueOf(failure.get()));
            closeAll(pair(listener));
        }
    }

    private static void closeAll(Connection[] ends) {
        for (Connection c : ends) c.close();
    }

    /** Neither Unix-domain nor TCP. */
    static final class OtherAddress extends SocketAddress {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    @Test
    void unsupportedAndUnknownAddressesFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Listener.open(new OtherAddress()));
        assertTrue(e.getMessage().contains(OtherAddress.class.getName()), e.getMessage());
        UnknownHostException unknown = assertThrows(UnknownHostException.class,
                () -> Listener.open(InetSocketAddress.createUnresolved("no-such-host.invalid", 0)));
        assertTrue(unknown.getMessage().contains("no-such-host.invalid"), unknown.getMessage());
    }

    // ---------------------------------------------------------------- peers that stall mid-handshake

    /** Runs {@code task} in a platform thread of its own; {@code thread[0]} is that thread (to interrupt it). */
    private static <T> FutureTask<T> inThread(Callable<T> task, Thread[] thread) {
        FutureTask<T> future = new FutureTask<>(task);
        thread[0] = Thread.ofPlatform().daemon().start(future);
        return future;
    }

    /**
     * A peer that reads the challenge, announces an answer and sends nothing more must not hold
     * {@code accept(timeout)} past its timeout (it did, for ever: interrupts and close() were ignored).
     */
    @Test
    void aPeerStallingInTheHandshakeDoesNotHoldATimedAcceptPastItsTimeout() throws Exception {
        try (Listener listener = Listener.open(null, KEY); SocketChannel raw = SocketChannel.open(listener.address())) {
            Future<Connection> accept = inThread(() -> listener.accept(Duration.ofSeconds(2)));
            DataInputStream in = new DataInputStream(Channels.newInputStream(raw));
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(raw));
            readFrame(in);                               // the challenge
            out.writeInt(40);                            // an answer announced, never sent
            out.flush();
            ExecutionException e = assertThrows(ExecutionException.class, () -> accept.get(LONG.toSeconds(), TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SocketTimeoutException, e.getCause().toString());
        }
    }

    /** {@code close()} releases a thread whose {@code accept()} (no timeout) waits on a stalled handshake. */
    @Test
    void closingTheListenerReleasesAnAcceptWaitingOnAStalledHandshake() throws Exception {
        Listener listener = Listener.open(null, KEY);
        try (SocketChannel raw = SocketChannel.open(listener.address())) {
            Future<Connection> accept = inThread(listener::accept);
            readFrame(new DataInputStream(Channels.newInputStream(raw)));
            listener.close();
            ExecutionException e = assertThrows(ExecutionException.class, () -> accept.get(LONG.toSeconds(), TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof SocketException, e.getCause().toString());
        } finally {
            listener.close();
        }
    }

    /** A listener that sends half a handshake and stalls: an interrupt releases {@code Client.connect}. */
    @Test
    void anInterruptReleasesAClientWaitingOnAStalledListener() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread[] client = new Thread[1];
            FutureTask<Connection> connect = inThread(() -> Client.connect(server.getLocalAddress(), KEY), client);
            try (SocketChannel raw = server.accept()) {
                raw.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 50}));   // a challenge announced, never sent
                client[0].interrupt();
                ExecutionException e = assertThrows(ExecutionException.class, () -> connect.get(LONG.toSeconds(), TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof InterruptedIOException, e.getCause().toString());
            }
        }
    }

}
