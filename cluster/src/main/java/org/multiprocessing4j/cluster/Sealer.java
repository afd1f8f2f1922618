package org.multiprocessing4j.cluster;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.multiprocessing4j.AuthenticationException;

/**
 * Seals the bytes this library puts in the cluster with the cluster's key, and opens them. The
 * open edition of Hazelcast lets any peer that reaches a member's port join and send, so every
 * object of the user's that crosses the cluster (a task, a result, a queue item, a map entry)
 * travels as its serialized form followed by an HMAC-SHA256 tag, and is deserialized only after
 * its tag checks: a peer without the key can disturb the cluster but cannot make anyone
 * deserialize what it sent.
 *
 * <p>Layout of a sealed message: {@code payload bytes | 32-byte HMAC-SHA256(key, payload)}.
 * The tag is deterministic, so equal payloads seal to equal bytes (map keys compare as bytes).
 *
 * <p>Thread-safe (one {@link Mac} per thread).
 */
final class Sealer {

    static final int TAG_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;

    /** @throws IllegalArgumentException if the key is shorter than 16 bytes */
    Sealer(byte[] key) {
        if (key.length < 16) throw new IllegalArgumentException("a cluster key needs at least 16 bytes, not " + key.length);
        SecretKeySpec spec = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
            }
        });
    }

    /** {@code payload} followed by its tag. */
    byte[] seal(byte[] payload) {
        byte[] sealed = Arrays.copyOf(payload, payload.length + TAG_BYTES);
        Mac mac = macs.get();
        mac.update(payload);
        try {
            mac.doFinal(sealed, payload.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);    // the buffer is large enough by construction
        }
        return sealed;
    }

    /**
     * The payload of {@code sealed}, once its tag checks.
     *
     * @param what names the message in the exception
     * @throws AuthenticationException if the tag does not match: it was not sealed with this key
     */
    byte[] open(byte[] sealed, String what) throws AuthenticationException {
        if (sealed == null || sealed.length < TAG_BYTES) {
            throw new AuthenticationException(what + " is not sealed with the cluster's key: refused unread");
        }
        int length = sealed.length - TAG_BYTES;
        Mac mac = macs.get();
        mac.update(sealed, 0, length);
        byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(sealed, length, sealed.length))) {
            throw new AuthenticationException(what + " is not sealed with the cluster's key: refused unread"
                    + " (a peer with another key, or none, wrote it)");
        }
        return Arrays.copyOf(sealed, length);
    }
}
