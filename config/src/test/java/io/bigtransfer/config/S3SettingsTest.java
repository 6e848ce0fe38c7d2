package io.bigtransfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    private static S3Settings load(String... overrides) {
        return S3Settings.create(BitConfig.load(Optional.empty(), List.of(overrides)));
    }

    private static String refusal(String... overrides) {
        return assertThrows(SettingsException.class, () -> load(overrides)).getMessage();
    }

    @Test
    void defaultsMeanAwsWithCredentialsFromTheEnvironment() {
        S3Settings settings = load();
        assertEquals(Optional.empty(), settings.endpoint());
        assertEquals("us-east-1", settings.region());
        assertFalse(settings.pathStyleAccess());
        assertEquals(Optional.empty(), settings.accessKeyId());
        assertEquals(Optional.empty(), settings.secretAccessKey());
        assertEquals(Duration.ofSeconds(30), settings.requestTimeout());
        assertEquals(5, settings.maxRetries());
        assertEquals(16, settings.parallelism());
    }

    @Test
    void everyKeyCanBeSetOnTheCommandLine() {
        S3Settings settings = load("bit.s3.endpoint=http://127.0.0.1:9000", "bit.s3.region=eu-west-1",
                "bit.s3.path-style-access=true", "bit.s3.access-key-id=AKID", "bit.s3.secret-access-key=SECRET",
                "bit.s3.request-timeout=1500ms", "bit.s3.max-retries=0", "bit.s3.parallelism=64");
        assertEquals(new S3Settings(Optional.of("http://127.0.0.1:9000"), "eu-west-1", true, Optional.of("AKID"),
                Optional.of("SECRET"), Duration.ofMillis(1500), 0, 64), settings);
    }

    @Test
    void theSecretNeverAppearsInText() {
        S3Settings settings = load("bit.s3.access-key-id=AKID", "bit.s3.secret-access-key=SECRET");
        assertTrue(settings.toString().contains("AKID"), settings.toString());
        assertFalse(settings.toString().contains("SECRET"), settings.toString());
    }

    @Test
    void badValuesAreRefusedInOneSentenceNamingTheKey() {
        assertEquals("bit.s3.endpoint must be an http:// or https:// URL, but is 'minio:9000'.",
                refusal("bit.s3.endpoint=minio:9000"));
        assertEquals("bit.s3.region must name a region such as us-east-1, but is empty.", refusal("bit.s3.region=\"\""));
        assertEquals("bit.s3.path-style-access must be true or false, but is \"maybe\".",
                refusal("bit.s3.path-style-access=maybe"));
        assertEquals("bit.s3.request-timeout must be a positive duration such as 30s or 500ms, but is \"soon\".",
                refusal("bit.s3.request-timeout=soon"));
        assertEquals("bit.s3.request-timeout must be a positive duration such as 30s or 500ms, but is \"0s\".",
                refusal("bit.s3.request-timeout=0s"));
        assertEquals("bit.s3.max-retries must be zero or a positive whole number, but is -1.",
                refusal("bit.s3.max-retries=-1"));
        assertEquals("bit.s3.parallelism must be a positive whole number, but is 0.", refusal("bit.s3.parallelism=0"));
    }

    @Test
    void credentialsComeInPairs() {
        assertEquals("bit.s3.access-key-id and bit.s3.secret-access-key must be set together, but only one of them is.",
                refusal("bit.s3.access-key-id=AKID"));
    }

    @Test
    void aMistypedKeyIsRefusedWithTheNearestOne() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> BitConfig.load(Optional.empty(), List.of("bit.s3.endpiont=http://x")));
        assertEquals("unknown setting bit.s3.endpiont; did you mean bit.s3.endpoint?", e.getMessage());
    }
}
