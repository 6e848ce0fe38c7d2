package io.bigtransfer.actors.remote;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The EC P-256 key pair and self-signed certificate that every holder of the shared secret derives
 * alike, so peers authenticate each other in a mutual TLS handshake with nothing to distribute but
 * the secret. The private scalar comes from PBKDF2 of the secret: a peer's certificate (which
 * anyone who connects gets to see) then makes guessing a weak {@code BIT_SECRET} slow. The
 * certificate's validity is fixed, so clocks do not matter; changing the secret is the rotation.
 */
final class SecretIdentity {
    private static final String CURVE = "secp256r1";
    private static final byte[] SALT = "bit cluster identity v1".getBytes(StandardCharsets.UTF_8);
    private static final int ITERATIONS = 20_000;
    /** 64 bits beyond the group order's 256 make reducing the seed modulo the order unbiased (FIPS 186-4 B.4.1). */
    private static final int SEED_BITS = 320;
    private static final X500Name NAME = new X500Name("CN=bit cluster");
    private static final Instant NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("9999-12-31T23:59:59Z");

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final byte[] encodedPublicKey;

    private SecretIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.encodedPublicKey = certificate.getPublicKey().getEncoded();
    }

    static SecretIdentity derive(SharedSecret secret) {
        try {
            X9ECParameters curve = CustomNamedCurves.getByName(CURVE);
            BigInteger scalar = privateScalar(secret, curve.getN());
            org.bouncycastle.math.ec.ECPoint point = new FixedPointCombMultiplier().multiply(curve.getG(), scalar).normalize();
            ECParameterSpec parameters = jdkParameters();
            KeyFactory keys = KeyFactory.getInstance("EC");
            PrivateKey privateKey = keys.generatePrivate(new ECPrivateKeySpec(scalar, parameters));
            PublicKey publicKey = keys.generatePublic(new ECPublicKeySpec(
                    new ECPoint(point.getAffineXCoord().toBigInteger(), point.getAffineYCoord().toBigInteger()), parameters));
            return new SecretIdentity(privateKey, selfSigned(privateKey, publicKey));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("this Java runtime cannot build the cluster's EC P-256 identity", e);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** Whether {@code peer} carries this identity's public key; TLS has checked that the peer holds the private key. */
    boolean isPresentedBy(X509Certificate peer) {
        return Arrays.equals(encodedPublicKey, peer.getPublicKey().getEncoded());
    }

    private static BigInteger privateScalar(SharedSecret secret, BigInteger order) throws GeneralSecurityException {
        char[] characters = secret.characters();
        PBEKeySpec spec = new PBEKeySpec(characters, SALT, ITERATIONS, SEED_BITS);
        try {
            byte[] seed = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new BigInteger(1, seed).mod(order.subtract(BigInteger.ONE)).add(BigInteger.ONE);
        } finally {
            spec.clearPassword();
            Arrays.fill(characters, '\0');
        }
    }

    private static ECParameterSpec jdkParameters() throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(CURVE));
        return parameters.getParameterSpec(ECParameterSpec.class);
    }

    private static X509Certificate selfSigned(PrivateKey privateKey, PublicKey publicKey)
            throws OperatorCreationException, GeneralSecurityException {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(NAME, BigInteger.ONE,
                Date.from(NOT_BEFORE), Date.from(NOT_AFTER), NAME, publicKey);
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(privateKey)));
    }
}
