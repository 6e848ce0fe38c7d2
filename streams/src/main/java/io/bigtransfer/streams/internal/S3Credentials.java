package io.bigtransfer.streams.internal;

import io.bigtransfer.config.S3Settings;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Credentials from {@code bit.s3}, else from the usual AWS environment variables, else none
 * (anonymous requests, which public buckets answer). Read once, so a request never depends on
 * when it runs.
 */
public final class S3Credentials {
    static final String KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";

    private S3Credentials() {
    }

    public static AwsCredentialsProvider resolve(S3Settings settings, Map<String, String> environment) {
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()));
        }
        Optional<String> keyId = nonBlank(environment.get(KEY_ID));
        Optional<String> secret = nonBlank(environment.get(SECRET));
        if (keyId.isEmpty() || secret.isEmpty()) {
            return AnonymousCredentialsProvider.create();
        }
        Optional<String> token = nonBlank(environment.get(SESSION_TOKEN));
        return StaticCredentialsProvider.create(token.isPresent()
                ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                : AwsBasicCredentials.create(keyId.get(), secret.get()));
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
