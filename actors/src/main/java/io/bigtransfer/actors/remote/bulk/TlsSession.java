package io.bigtransfer.actors.remote.bulk;

import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.IgnoreComplete$;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLS;
import org.apache.pekko.util.ByteString;

/**
 * The TLS that Pekko's {@code outgoingConnectionWithTls} and {@code bindWithTls} put on a TCP
 * connection, built here so that a {@link PlaintextProbe} can see the peer's bytes before TLS does:
 * join a TCP connection's flow with {@link #over}, and bytes go in and come out as plaintext.
 */
final class TlsSession {
    private TlsSession() {
    }

    /**
     * IgnoreComplete: the end of one side's output must not end the session before the response has
     * arrived; the client ends it by cancelling its input once it holds the response.
     */
    static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> over(Supplier<SSLEngine> engine) {
        return BidiFlow.fromFlows(
                        Flow.of(ByteString.class).<TLSProtocol.SslTlsOutbound>map(TLSProtocol.SendBytes::new),
                        Flow.of(TLSProtocol.SslTlsInbound.class).collectType(TLSProtocol.SessionBytes.class)
                                .map(TLSProtocol.SessionBytes::bytes))
                .atop(TLS.create(engine, IgnoreComplete$.MODULE$))
                .reversed();
    }
}
