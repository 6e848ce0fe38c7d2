package io.bigtransfer.actors.remote;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 key that every holder of the shared secret derives alike for one purpose, named by
 * a label that no other key of the cluster uses, so a proof made with it means nothing elsewhere.
 * PBKDF2 with as many iterations as {@link SecretIdentity}: whoever records a proof made with the
 * key can test guesses of a weak {@code BIT_SECRET} against it, as against a certificate.
 */
final class SecretMacKey {
    static final String ALGORITHM = "HmacSHA256";
    private static final int ITERATIONS = 20_000;
    private static final int KEY_BITS = 256;

    private SecretMacKey() {
    }

    static SecretKey derive(SharedSecret secret, String label) {
        char[] characters = secret.characters();
        PBEKeySpec spec = new PBEKeySpec(characters, label.getBytes(StandardCharsets.UTF_8), ITERATIONS, KEY_BITS);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot derive an HMAC-SHA256 key with PBKDF2", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(characters, '\0');
        }
    }
}
