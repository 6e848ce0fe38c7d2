package io.bigtransfer.streams.s3;

import io.bigtransfer.config.S3Settings;
import java.time.Duration;
import java.util.Optional;

/** Settings for tests against an {@link EmbeddedS3Store}: short timeouts, few retries. */
public final class S3TestSupport {
    private S3TestSupport() {
    }

    public static S3Settings settings(EmbeddedS3Store store) {
        return store.settings(base(Duration.ofSeconds(10), 3));
    }

    /** Settings that reach {@code store} through {@code proxy}. */
    public static S3Settings throughProxy(EmbeddedS3Store store, FaultyProxy proxy, Duration requestTimeout, int maxRetries) {
        S3Settings direct = store.settings(base(requestTimeout, maxRetries));
        return new S3Settings(Optional.of(proxy.endpoint()), direct.region(), true, direct.accessKeyId(),
                direct.secretAccessKey(), requestTimeout, maxRetries, direct.parallelism());
    }

    public static S3Settings base(Duration requestTimeout, int maxRetries) {
        return new S3Settings(Optional.empty(), "us-east-1", false, Optional.empty(), Optional.empty(), requestTimeout,
                maxRetries, 4);
    }
}
