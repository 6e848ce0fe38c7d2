package io.bigtransfer.actors.remote.bulk;

import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.config.BulkEncryption;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The client's connection for one fetch, in its channel's {@link BulkEncryption}: the bytes of the
 * response as a source to run, and, should the connection end before the response begins, what the
 * handshake says about the peer (another secret, the other mode).
 */
final class FetchConnection {
    /** Without it an unreachable machine would hold a fetch for the operating system's SYN retries (minutes). */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Source<ByteString, ?> response;
    private final Supplier<Optional<String>> unfinishedHandshake;

    private FetchConnection(Source<ByteString, ?> response, Supplier<Optional<String>> unfinishedHandshake) {
        this.response = response;
        this.unfinishedHandshake = unfinishedHandshake;
    }

    /** @param connections aborts the connection when the channel closes */
    static FetchConnection to(TensorRef ref, ActorSystem<?> system, ClusterTls tls, BulkEncryption encryption,
            SharedKillSwitch connections) {
        return encryption == BulkEncryption.TLS
                ? overTls(ref, system, tls, connections)
                : authenticated(ref, system, tls, connections);
    }

    Source<ByteString, ?> response() {
        return response;
    }

    /** Read once the response's stream has ended. */
    Optional<String> unfinishedHandshake() {
        return unfinishedHandshake.get();
    }

    private static FetchConnection overTls(TensorRef ref, ActorSystem<?> system, ClusterTls tls,
            SharedKillSwitch connections) {
        PlaintextProbe probe = new PlaintextProbe();
        // The request is the client's only output; the session stays open until the client cancels its input.
        Source<ByteString, ?> response = Source.single(TensorFrames.request(ref))
                .via(tcp(ref, system, true).map(probe::observe)
                        .join(TlsSession.over(() -> tls.clientEngine(ref.host(), ref.port()))))
                .via(connections.flow());
        return new FetchConnection(response, () -> probe.sawPlaintextPeer()
                ? Optional.of(BulkAuthentication.PLAINTEXT_SERVER) : Optional.empty());
    }

    private static FetchConnection authenticated(TensorRef ref, ActorSystem<?> system, ClusterTls tls,
            SharedKillSwitch connections) {
        ClientHandshake handshake = new ClientHandshake(tls.bulkAuthenticationKey(), ref);
        // Never completed: without half-close the end of the client's output would close the
        // connection; the client closes it by cancelling its input once it holds the response.
        Source<ByteString, ?> response = Source.single(handshake.opening())
                .concat(Source.completionStage(handshake.answer()))
                .concat(Source.never())
                .via(tcp(ref, system, false))
                .via(connections.flow())
                .mapConcat(handshake);
        return new FetchConnection(response, handshake::unfinished);
    }

    private static Flow<ByteString, ByteString, ?> tcp(TensorRef ref, ActorSystem<?> system, boolean halfClose) {
        return Tcp.get(system).outgoingConnection(new InetSocketAddress(ref.host(), ref.port()), Optional.empty(),
                List.of(), halfClose, Optional.of(CONNECT_TIMEOUT), Optional.empty());
    }
}
