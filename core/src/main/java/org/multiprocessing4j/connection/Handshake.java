package org.multiprocessing4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.multiprocessing4j.AuthenticationException;
import org.multiprocessing4j.shm.Deadline;

/**
 * Mutual authentication of a new socket connection with a shared key, CPython's
 * {@code deliver_challenge}/{@code answer_challenge} in their 3.12 form, SHA-256 only:
 * <ol>
 * <li>the listener sends {@code #CHALLENGE#{sha256}} and {@value #NONCE_BYTES} random bytes;</li>
 * <li>the client answers {@code {sha256}} and the HMAC-SHA256, under the key, of everything after
 *     {@code #CHALLENGE#};</li>
 * <li>the listener compares it with its own in constant time and sends {@code #WELCOME#}, or
 *     {@code #FAILURE#} and gives up;</li>
 * <li>then the same with the roles swapped, so that the client knows the listener has the key too.</li>
 * </ol>
 * Every handshake message is a frame of at most {@value #MAX_MESSAGE} bytes, read as raw bytes: a
 * longer one is refused before anything is allocated for it, and nothing is deserialized. A side
 * that detects a wrong answer throws {@link AuthenticationException}; the other side reads
 * {@code #FAILURE#} and throws one too.
 *
 * <p>Stateless and thread-safe.
 */
final class Handshake {

    /** The longest handshake message accepted, as CPython's {@code recv_bytes(256)}. */
    static final int MAX_MESSAGE = 256;
    private static final int NONCE_BYTES = 32;
    private static final byte[] CHALLENGE = ascii("#CHALLENGE#");
    private static final byte[] WELCOME = ascii("#WELCOME#");
    private static final byte[] FAILURE = ascii("#FAILURE#");
    private static final byte[] DIGEST = ascii("{sha256}");
    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    static final long CLIENT_LIMIT_SECONDS = 120;

    private Handshake() {
    }

    /** The listener's side: challenges first, then answers. */
    static void asListener(SocketTransport transport, byte[] authkey, long deadline) throws IOException {
        deliverChallenge(transport, authkey, deadline);
        answerChallenge(transport, authkey, deadline);
    }

    /**
     * The client's side: answers first, then challenges, within {@value #CLIENT_LIMIT_SECONDS} s:
     * a listener busy with peers that stall answers within its own 30-s bound per peer, and one
     * that never answers must not hold the client for ever.
     */
    static void asClient(SocketTransport transport, byte[] authkey) throws IOException {
        long deadline = Deadline.after(TimeUnit.SECONDS.toNanos(CLIENT_LIMIT_SECONDS));
        answerChallenge(transport, authkey, deadline);
        deliverChallenge(transport, authkey, deadline);
    }

    private static void deliverChallenge(SocketTransport transport, byte[] authkey, long deadline) throws IOException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] message = concat(DIGEST, nonce);
        send(transport, concat(CHALLENGE, message));
        AuthenticationException wrong;
        try {
            byte[] response = receive(transport, deadline);
            if (MessageDigest.isEqual(concat(DIGEST, hmac(authkey, message)), response)) {
                send(transport, WELCOME);
                return;
            }
            wrong = new AuthenticationException(
                    "the peer's answer to the challenge is wrong: it does not have this authentication key");
        } catch (AuthenticationException tooLong) {
            wrong = tooLong;
        }
        try {
            send(transport, FAILURE);            // so that the peer knows why the connection ends
        } catch (IOException e) {
            wrong.addSuppressed(e);
        }
        throw wrong;
    }

    private static void answerChallenge(SocketTransport transport, byte[] authkey, long deadline) throws IOException {
        byte[] challenge = receive(transport, deadline);
        if (!startsWith(challenge, CHALLENGE)) {
            throw new AuthenticationException("protocol error: expected a challenge, received "
                    + challenge.length + " other bytes");
        }
        byte[] message = Arrays.copyOfRange(challenge, CHALLENGE.length, challenge.length);
        if (!startsWith(message, DIGEST) || message.length < DIGEST.length + NONCE_BYTES) {
            throw new AuthenticationException("unsupported challenge: expected {sha256} and at least "
                    + NONCE_BYTES + " random bytes");
        }
        send(transport, concat(DIGEST, hmac(authkey, message)));
        if (!Arrays.equals(receive(transport, deadline), WELCOME)) {
            throw new AuthenticationException("the peer rejected our answer to its challenge:"
                    + " the two sides have different authentication keys");
        }
    }

    private static void send(SocketTransport transport, byte[] message) throws IOException {
        transport.send(message, 0, message.length);
    }

    private static byte[] receive(SocketTransport transport, long deadline) throws IOException {
        try {
            return transport.recvAtMost(MAX_MESSAGE, deadline);
        } catch (EOFException e) {
            EOFException during = new EOFException("the peer closed the connection during authentication");
            during.initCause(e);
            throw during;
        }
    }

    /** HMAC-SHA256 of {@code message} under {@code key}, which may be empty. */
    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            // SecretKeySpec refuses an empty key; HMAC pads every key with zero bytes to its block
            // size, so the one-byte key {0} is the empty key (as CPython's hmac.new(b'', ...) computes).
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + HMAC + ", which every Java SE has", e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
