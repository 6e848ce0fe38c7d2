package io.bigtransfer.actors.remote;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the peers whose certificate carries the secret-derived public key, in both
 * directions. Extending {@link X509ExtendedTrustManager} keeps JSSE from wrapping it with host name
 * checks: peers are identified by the secret, not by their address.
 */
final class SecretTrustManager extends X509ExtendedTrustManager {
    private final SecretIdentity identity;

    SecretTrustManager(SecretIdentity identity) {
        this.identity = identity;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {identity.certificate()};
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0 || !identity.isPresentedBy(chain[0])) {
            throw new CertificateException("the peer's certificate is not derived from the shared secret");
        }
    }
}
