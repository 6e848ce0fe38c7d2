package io.bigtransfer.actors.remote.bulk;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.util.ByteString;

/**
 * The server's side of one connection's {@link BulkAuthentication} handshake: it reads the client's
 * opening, proof and request, and decides once, admitting the request or refusing the connection.
 * Bytes after the decision are ignored, as in {@link TensorFrames.FirstRequest}. A client that
 * speaks TLS or anything else is refused as soon as its first bytes show it.
 */
final class ServerHandshake implements Function<ByteString, Iterable<ServerHandshake.Outcome>> {
    private static final int CLIENT_BYTES = BulkAuthentication.OPENING_BYTES + BulkAuthentication.PROOF_BYTES
            + TensorFrames.REQUEST_BYTES;

    /** The decision on one connection. */
    sealed interface Outcome permits Admitted, Refused {
    }

    /** @param proof the server's proof, which precedes the response */
    record Admitted(TensorFrames.Request request, ByteString proof) implements Outcome {
    }

    /** @param why ends the warning "refused a bulk connection to A from P, ..." */
    record Refused(String why) implements Outcome {
    }

    static final Refused ENDED_EARLY = new Refused("which closed the connection before it proved the shared secret");

    static Refused timedOut(long seconds) {
        return new Refused("which did not prove the shared secret within " + seconds + " s");
    }

    private final SecretKey key;
    private final byte[] serverNonce = BulkAuthentication.nonce();
    private ByteString buffered = ByteString.emptyByteString();
    private boolean decided;

    ServerHandshake(SecretKey key) {
        this.key = key;
    }

    /** The server's opening, sent as soon as the connection is accepted. */
    ByteString challenge() {
        return BulkAuthentication.opening(serverNonce);
    }

    @Override
    public Iterable<Outcome> apply(ByteString bytes) {
        if (decided) {
            return List.of();
        }
        buffered = buffered.concat(bytes);
        Optional<Outcome> outcome = decide();
        if (outcome.isEmpty()) {
            return List.of();
        }
        decided = true;
        buffered = ByteString.emptyByteString();
        return List.of(outcome.get());
    }

    private Optional<Outcome> decide() {
        if (BulkAuthentication.startsTlsRecord(buffered)) {
            return Optional.of(new Refused(BulkAuthentication.TLS_CLIENT));
        }
        if (buffered.size() >= Integer.BYTES && !BulkAuthentication.startsWithMagic(buffered)) {
            return Optional.of(new Refused("which does not speak the bulk channel's protocol"));
        }
        if (buffered.size() < CLIENT_BYTES) {
            return Optional.empty();
        }
        ByteBuffer client = buffered.take(CLIENT_BYTES).toByteBuffer();
        client.getInt();
        byte[] clientNonce = new byte[BulkAuthentication.NONCE_BYTES];
        client.get(clientNonce);
        byte[] proof = new byte[BulkAuthentication.PROOF_BYTES];
        client.get(proof);
        ByteString request = ByteString.fromByteBuffer(client.slice());
        byte[] expected = BulkAuthentication.clientProof(key, serverNonce, clientNonce, request);
        if (!MessageDigest.isEqual(expected, proof)) {
            return Optional.of(new Refused("which does not hold the shared secret (its proof does not match)"));
        }
        return Optional.of(new Admitted(TensorFrames.parseRequest(request.toByteBuffer()), ByteString.fromArrayUnsafe(
                BulkAuthentication.serverProof(key, serverNonce, clientNonce, request))));
    }
}
