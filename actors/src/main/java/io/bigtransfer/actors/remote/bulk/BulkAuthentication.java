package io.bigtransfer.actors.remote.bulk;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.apache.pekko.util.ByteString;

/**
 * The handshake of a bulk connection without encryption ({@code bit.cluster.bulk-encryption = none}),
 * in which both ends prove they hold the shared secret before a tensor byte flows:
 * <ol>
 * <li>on connecting, each side sends its opening, {@value #OPENING_BYTES} bytes: magic {@code "BTA1"}
 * and a fresh random nonce (the server's is its challenge);</li>
 * <li>once it has the server's nonce, the client sends its proof, HMAC-SHA256 of the client label, the
 * server's nonce, its own and the {@value TensorFrames#REQUEST_BYTES}-byte request, then the request;</li>
 * <li>the server checks the proof in constant time and only then answers: its own proof (the same
 * HMAC under the server label), then the response of {@link TensorFrames}. A refused client gets
 * nothing after the challenge.</li>
 * </ol>
 * The key is the secret's own for this purpose ({@code ClusterTls.bulkAuthenticationKey}). The
 * nonces make every proof good for one connection only, the request inside it keeps a proof from
 * being used for another tensor, and the labels keep a server's proof from passing as a client's.
 * Nothing protects the bytes after the handshake: that is what {@code none} gives up.
 */
final class BulkAuthentication {
    static final int MAGIC = 0x42544131;
    static final int NONCE_BYTES = 32;
    static final int OPENING_BYTES = Integer.BYTES + NONCE_BYTES;
    static final int PROOF_BYTES = 32;
    /** For "refused a bulk connection to A from P, ..." on a server without encryption. */
    static final String TLS_CLIENT = "which uses TLS (bit.cluster.bulk-encryption = tls there, none here; every node of "
            + "a cluster must use the same)";
    /** For the same sentence on a TLS server. */
    static final String PLAINTEXT_CLIENT = "which does not encrypt (bit.cluster.bulk-encryption = none there, tls here; "
            + "every node of a cluster must use the same)";
    /** Ends "tensor ... cannot be fetched: " on a client without encryption. */
    static final String TLS_SERVER = "the peer's bulk channel uses TLS (bit.cluster.bulk-encryption = tls there, none "
            + "here), and every node of a cluster must use the same.";
    /** The same on a TLS client. */
    static final String PLAINTEXT_SERVER = "the peer's bulk channel does not encrypt (bit.cluster.bulk-encryption = "
            + "none there, tls here), and every node of a cluster must use the same.";

    private static final byte[] CLIENT_LABEL = "bit bulk client proof v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "bit bulk server proof v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BulkAuthentication() {
    }

    static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    static ByteString opening(byte[] nonce) {
        return ByteString.fromArrayUnsafe(ByteBuffer.allocate(OPENING_BYTES).putInt(MAGIC).put(nonce).array());
    }

    static byte[] clientProof(SecretKey key, byte[] serverNonce, byte[] clientNonce, ByteString request) {
        return proof(key, CLIENT_LABEL, serverNonce, clientNonce, request);
    }

    static byte[] serverProof(SecretKey key, byte[] serverNonce, byte[] clientNonce, ByteString request) {
        return proof(key, SERVER_LABEL, serverNonce, clientNonce, request);
    }

    /** Whether {@code bytes} begin with an opening's magic; false while fewer than 4 bytes are there. */
    static boolean startsWithMagic(ByteString bytes) {
        return bytes.size() >= Integer.BYTES && bytes.take(Integer.BYTES).toByteBuffer().getInt() == MAGIC;
    }

    /**
     * Whether a peer's first byte starts a TLS record: its content type, 20 to 23 (RFC 8446, 5.1), a
     * client's hello (22) or a server's alert (21). An opening starts with 'B' (66).
     */
    static boolean startsTlsRecord(ByteString bytes) {
        return !bytes.isEmpty() && bytes.head() >= 20 && bytes.head() <= 23;
    }

    /** Every part has a fixed length, so the concatenation is unambiguous. */
    private static byte[] proof(SecretKey key, byte[] label, byte[] serverNonce, byte[] clientNonce,
            ByteString request) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            mac.update(label);
            mac.update(serverNonce);
            mac.update(clientNonce);
            mac.update(request.toArray());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot compute HMAC-SHA256", e);
        }
    }
}
