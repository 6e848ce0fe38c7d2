package io.bigtransfer.actors.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretIdentityTest {

    static SharedSecret secret(String text) {
        return SharedSecret.read(Path.of("unused"), Map.of(SharedSecret.ENVIRONMENT_VARIABLE, text), false);
    }

    @Test
    void everyHolderOfTheSecretDerivesTheSameKeyAndNobodyElseDoes() {
        SecretIdentity first = SecretIdentity.derive(secret("correct horse battery staple"));
        SecretIdentity again = SecretIdentity.derive(secret("correct horse battery staple"));
        SecretIdentity other = SecretIdentity.derive(secret("correct horse battery stapler"));
        assertArrayEquals(first.privateKey().getEncoded(), again.privateKey().getEncoded());
        assertTrue(first.isPresentedBy(again.certificate()));
        assertFalse(first.isPresentedBy(other.certificate()));
        assertFalse(other.isPresentedBy(first.certificate()));
    }

    @Test
    void theCertificateIsASelfSignedP256CertificateValidWhateverTheClock() throws Exception {
        X509Certificate certificate = SecretIdentity.derive(secret("s3cret")).certificate();
        certificate.verify(certificate.getPublicKey());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(256, ((ECPublicKey) certificate.getPublicKey()).getParams().getOrder().bitLength());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        certificate.checkValidity(Date.from(Instant.parse("2001-01-01T00:00:00Z")));
        certificate.checkValidity(Date.from(Instant.parse("9000-01-01T00:00:00Z")));
    }
}
