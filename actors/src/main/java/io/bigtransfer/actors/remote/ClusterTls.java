package io.bigtransfer.actors.remote;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import javax.crypto.SecretKey;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;

/**
 * Mutually authenticated TLS 1.3 between holders of the shared secret: each side presents the
 * secret-derived certificate and accepts only a peer that presents it too. Artery's connections
 * use it through {@link SecretSslEngineProvider}; a bulk channel (Pekko Streams TCP with TLS) can
 * use {@link #serverEngine()} and {@link #clientEngine(String, int)} the same way. It also holds the
 * key with which a bulk channel without encryption authenticates its connections instead.
 */
public final class ClusterTls {
    private static final String PROTOCOL = "TLSv1.3";
    private static final String KEY_ALIAS = "bit-cluster";
    private static final String BULK_AUTHENTICATION_LABEL = "bit bulk-auth v1";

    private final SSLContext context;
    private final SecretKey bulkAuthenticationKey;

    private ClusterTls(SSLContext context, SecretKey bulkAuthenticationKey) {
        this.context = context;
        this.bulkAuthenticationKey = bulkAuthenticationKey;
    }

    public static ClusterTls create(SharedSecret secret) {
        SecretIdentity identity = SecretIdentity.derive(secret);
        try {
            char[] password = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(KEY_ALIAS, identity.privateKey(), password, new Certificate[] {identity.certificate()});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new SecretTrustManager(identity)},
                    new SecureRandom());
            return new ClusterTls(context, SecretMacKey.derive(secret, BULK_AUTHENTICATION_LABEL));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("this Java runtime cannot set up TLS 1.3 with an EC P-256 key", e);
        }
    }

    /** The context both engines come from, for channels that build their own engines. */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * The HMAC-SHA256 key, derived from the secret for this purpose only, with which the bulk
     * channel's peers prove the secret when {@code bit.cluster.bulk-encryption = none}.
     */
    public SecretKey bulkAuthenticationKey() {
        return bulkAuthenticationKey;
    }

    /** An engine that accepts one connection and requires the peer's secret-derived certificate. */
    public SSLEngine serverEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setNeedClientAuth(true);
        engine.setEnabledProtocols(new String[] {PROTOCOL});
        return engine;
    }

    /** An engine that connects to {@code host:port}; the address only keys TLS session resumption. */
    public SSLEngine clientEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {PROTOCOL});
        return engine;
    }
}
