package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.bigtransfer.config.S3Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class S3CredentialsTest {
    private static final Map<String, String> ENVIRONMENT =
            Map.of("AWS_ACCESS_KEY_ID", "ENV_ID", "AWS_SECRET_ACCESS_KEY", "ENV_SECRET");

    private static S3Settings settings(Optional<String> keyId, Optional<String> secret) {
        return new S3Settings(Optional.empty(), "us-east-1", false, keyId, secret, Duration.ofSeconds(1), 0, 1);
    }

    @Test
    void settingsWinOverTheEnvironment() {
        AwsCredentials credentials = S3Credentials.resolve(settings(Optional.of("ID"), Optional.of("SECRET")),
                ENVIRONMENT).resolveCredentials();
        assertEquals("ID", credentials.accessKeyId());
        assertEquals("SECRET", credentials.secretAccessKey());
    }

    @Test
    void theEnvironmentServesWhenTheSettingsAreEmpty() {
        AwsCredentials credentials = S3Credentials.resolve(settings(Optional.empty(), Optional.empty()), ENVIRONMENT)
                .resolveCredentials();
        assertEquals("ENV_ID", credentials.accessKeyId());
        assertEquals("ENV_SECRET", credentials.secretAccessKey());
    }

    @Test
    void aSessionTokenIsPassedOn() {
        Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", "ENV_ID", "AWS_SECRET_ACCESS_KEY", "ENV_SECRET",
                "AWS_SESSION_TOKEN", "TOKEN");
        AwsCredentials credentials = S3Credentials.resolve(settings(Optional.empty(), Optional.empty()), environment)
                .resolveCredentials();
        assertEquals("TOKEN", assertInstanceOf(AwsSessionCredentials.class, credentials).sessionToken());
    }

    @Test
    void withoutAnyCredentialsRequestsAreAnonymous() {
        assertInstanceOf(AnonymousCredentialsProvider.class,
                S3Credentials.resolve(settings(Optional.empty(), Optional.empty()), Map.of()));
        assertInstanceOf(AnonymousCredentialsProvider.class,
                S3Credentials.resolve(settings(Optional.empty(), Optional.empty()), Map.of("AWS_ACCESS_KEY_ID", "ID")));
    }
}
