package io.bigtransfer.actors.remote.bulk;

import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.SecretKey;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.util.ByteString;

/**
 * The client's side of one fetch's {@link BulkAuthentication} handshake: its opening goes out at
 * once, its proof and the request once the server's challenge has arrived; the server's proof is
 * checked before a byte of the response is passed on. Used by one stream stage at a time, which
 * Pekko orders, so it needs no locks.
 */
final class ClientHandshake implements Function<ByteString, Iterable<ByteString>> {
    private final SecretKey key;
    private final TensorRef ref;
    private final ByteString request;
    private final byte[] clientNonce = BulkAuthentication.nonce();
    private final CompletableFuture<ByteString> answer = new CompletableFuture<>();
    private ByteString buffered = ByteString.emptyByteString();
    private byte[] serverNonce;
    private boolean serverProved;

    ClientHandshake(SecretKey key, TensorRef ref) {
        this.key = key;
        this.ref = ref;
        this.request = TensorFrames.request(ref);
    }

    ByteString opening() {
        return BulkAuthentication.opening(clientNonce);
    }

    /** The proof and the request, once the server's challenge has arrived. */
    CompletionStage<ByteString> answer() {
        return answer;
    }

    /** Takes the server's bytes; returns those of the response, which start only after the server's proof. */
    @Override
    public Iterable<ByteString> apply(ByteString bytes) {
        if (serverProved) {
            return List.of(bytes);
        }
        buffered = buffered.concat(bytes);
        if (serverNonce == null && !readChallenge()) {
            return List.of();
        }
        if (buffered.size() < BulkAuthentication.PROOF_BYTES) {
            return List.of();
        }
        byte[] expected = BulkAuthentication.serverProof(key, serverNonce, clientNonce, request);
        if (!MessageDigest.isEqual(expected, buffered.take(BulkAuthentication.PROOF_BYTES).toArray())) {
            throw refused("the peer's proof does not match, so it does not hold this node's shared secret.");
        }
        serverProved = true;
        ByteString response = buffered.drop(BulkAuthentication.PROOF_BYTES);
        buffered = ByteString.emptyByteString();
        return response.isEmpty() ? List.of() : List.of(response);
    }

    /**
     * Why the connection ended during the handshake, to end "tensor ... cannot be fetched: "; empty
     * once the server has proved the secret.
     */
    Optional<String> unfinished() {
        if (serverProved) {
            return Optional.empty();
        }
        if (serverNonce == null) {
            // What a TLS channel does: its TLS stage fails on the opening and closes without a word.
            return Optional.of("the peer closed the connection without answering as a bulk channel without "
                    + "encryption, so its bit.cluster.bulk-encryption is probably tls, and every node of a cluster "
                    + "must use the same.");
        }
        return Optional.of("the peer closed the connection without accepting this node's proof, so it does not hold "
                + "this node's shared secret.");
    }

    /** True once the challenge is read and the answer sent; throws when the server's first bytes are no challenge. */
    private boolean readChallenge() {
        if (BulkAuthentication.startsTlsRecord(buffered)) {
            throw refused(BulkAuthentication.TLS_SERVER);
        }
        if (buffered.size() >= Integer.BYTES && !BulkAuthentication.startsWithMagic(buffered)) {
            throw refused("the peer does not speak the bulk channel's protocol.");
        }
        if (buffered.size() < BulkAuthentication.OPENING_BYTES) {
            return false;
        }
        serverNonce = buffered.slice(Integer.BYTES, BulkAuthentication.OPENING_BYTES).toArray();
        buffered = buffered.drop(BulkAuthentication.OPENING_BYTES);
        answer.complete(ByteString.fromArrayUnsafe(BulkAuthentication.clientProof(key, serverNonce, clientNonce, request))
                .concat(request));
        return true;
    }

    private TensorFetchException refused(String why) {
        return new TensorFetchException(ref.describe() + " cannot be fetched: " + why);
    }
}
