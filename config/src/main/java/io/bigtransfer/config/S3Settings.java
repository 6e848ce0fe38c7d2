package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code bit.s3}: how object storage is reached. An empty endpoint means AWS's own for the region;
 * empty credentials mean the usual AWS environment variables. A request that moves no bytes for
 * {@code requestTimeout} fails; failed requests are retried up to {@code maxRetries} times; at most
 * {@code parallelism} object reads are in flight at once.
 */
public record S3Settings(Optional<String> endpoint, String region, boolean pathStyleAccess,
                         Optional<String> accessKeyId, Optional<String> secretAccessKey, Duration requestTimeout,
                         int maxRetries, int parallelism) {
    private static final String SUBTREE = "bit.s3";

    public static S3Settings create(Config config) {
        SettingsReader reader = new SettingsReader(config, SUBTREE);
        Optional<String> endpoint = reader.optionalString("endpoint");
        endpoint.ifPresent(S3Settings::requireHttpUrl);
        String region = reader.string("region");
        if (region.isBlank()) {
            throw new SettingsException(SUBTREE + ".region must name a region such as us-east-1, but is empty.");
        }
        Optional<String> keyId = reader.optionalString("access-key-id");
        Optional<String> secret = reader.optionalString("secret-access-key");
        if (keyId.isPresent() != secret.isPresent()) {
            throw new SettingsException(SUBTREE + ".access-key-id and " + SUBTREE
                    + ".secret-access-key must be set together, but only one of them is.");
        }
        return new S3Settings(endpoint, region, reader.bool("path-style-access"), keyId, secret,
                reader.positiveDuration("request-timeout"), reader.nonNegativeInt("max-retries"),
                reader.positiveInt("parallelism"));
    }

    /** Never prints the secret: settings end up in logs. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint.orElse("(AWS)") + ", region=" + region + ", pathStyleAccess="
                + pathStyleAccess + ", accessKeyId=" + accessKeyId.orElse("(environment)") + ", secretAccessKey="
                + secretAccessKey.map(s -> "(set)").orElse("(environment)") + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", parallelism=" + parallelism + "]";
    }

    private static void requireHttpUrl(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // Reported below, in the same words as a wrong scheme.
        }
        throw new SettingsException(SUBTREE + ".endpoint must be an http:// or https:// URL, but is '" + endpoint + "'.");
    }
}
