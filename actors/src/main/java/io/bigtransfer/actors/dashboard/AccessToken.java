package io.bigtransfer.actors.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's token (the shared secret) and the cookie value that stands for it. Presented
 * values are compared in constant time: both sides are hashed first, so neither the content nor
 * the length of the token shows in how long a refusal takes. The cookie holds a value derived from
 * the token, never the token itself, so the browser's cookie store does not keep the secret.
 */
final class AccessToken {
    private static final String COOKIE_PURPOSE = "bit dashboard cookie v1";

    private final byte[] tokenDigest;
    private final String cookieValue;
    private final byte[] cookieDigest;

    AccessToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the dashboard needs a non-empty token");
        }
        this.tokenDigest = sha256(token);
        this.cookieValue = Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(token, COOKIE_PURPOSE));
        this.cookieDigest = sha256(cookieValue);
    }

    boolean matches(String presented) {
        return MessageDigest.isEqual(sha256(presented), tokenDigest);
    }

    boolean matchesCookie(String presented) {
        return MessageDigest.isEqual(sha256(presented), cookieDigest);
    }

    String cookieValue() {
        return cookieValue;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HMAC-SHA256", e);
        }
    }
}
