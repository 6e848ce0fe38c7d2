package io.bigtransfer.actors.remote;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.remote.artery.tcp.SSLEngineProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Artery's TLS engines from {@link ClusterTls}, each logging a refused handshake. The handshake
 * itself decides who gets in (the peer's certificate must be the secret-derived one), so nothing is
 * left to verify afterwards. Pekko hands the provider only its own bind address for an inbound
 * connection, never the peer's, so an inbound refusal names this node's address.
 */
final class SecretSslEngineProvider implements SSLEngineProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SecretSslEngineProvider.class);

    private final ClusterTls tls;
    private final ExtendedActorSystem system;

    SecretSslEngineProvider(ClusterTls tls, ExtendedActorSystem system) {
        this.tls = tls;
        this.system = system;
    }

    @Override
    public SSLEngine createServerSSLEngine(String hostname, int port) {
        return new ReportingSslEngine(tls.serverEngine(), failure -> LOG.warn(
                "refused a connection to {} from a process without the shared secret ({})",
                system.provider().getDefaultAddress().hostPort(), failure.getMessage()));
    }

    @Override
    public SSLEngine createClientSSLEngine(String hostname, int port) {
        return new ReportingSslEngine(tls.clientEngine(hostname, port), failure -> LOG.warn(
                "refused a connection to {}:{}, which does not hold the shared secret ({})",
                hostname, port, failure.getMessage()));
    }

    @Override
    public Option<Throwable> verifyClientSession(String hostname, SSLSession session) {
        return Option.empty();
    }

    @Override
    public Option<Throwable> verifyServerSession(String hostname, SSLSession session) {
        return Option.empty();
    }
}
