package io.bigtransfer.streams.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bigtransfer.config.S3Settings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.connectors.s3.AccessStyle;
import org.apache.pekko.stream.connectors.s3.MultipartUploadSettings;
import org.apache.pekko.stream.connectors.s3.RetrySettings;
import org.apache.pekko.stream.connectors.s3.S3Attributes;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The HTTP side of object storage: an actor system of its own (so its HTTP settings touch nothing
 * else) and the connector's settings, both derived from {@code bit.s3}.
 *
 * <p>Every retry is {@link Retrying}'s: the connector's own retries and Pekko HTTP's retries of
 * idempotent requests are off, so {@code bit.s3.max-retries} bounds what a request costs. A stalled
 * request is caught by Pekko HTTP's idle timeout, which covers waiting for an answer, a body that
 * stops arriving and an upload that stops moving alike.
 */
public final class S3Transport implements AutoCloseable {
    private static final RetrySettings NO_RETRIES =
            RetrySettings.create(0, Duration.ofMillis(100), Duration.ofMillis(100), 0);
    /** Connections beyond the GETs: listings, heads and the parts of an upload run beside reads. */
    private static final int EXTRA_CONNECTIONS = 4;

    private final ActorSystem system;
    private final Attributes attributes;

    private S3Transport(ActorSystem system, Attributes attributes) {
        this.system = system;
        this.attributes = attributes;
    }

    public static S3Transport create(S3Settings settings, Map<String, String> environment) {
        ActorSystem system = ActorSystem.create("bit-s3", httpConfig(settings).withFallback(ConfigFactory.load()));
        AwsCredentialsProvider credentials = S3Credentials.resolve(settings, environment);
        Region region = Region.of(settings.region());
        org.apache.pekko.stream.connectors.s3.S3Settings connector =
                org.apache.pekko.stream.connectors.s3.S3Settings.create(system)
                        .withCredentialsProvider(credentials)
                        .withS3RegionProvider(() -> region)
                        .withAccessStyle(settings.pathStyleAccess() ? AccessStyle.pathAccessStyle()
                                : AccessStyle.virtualHostAccessStyle())
                        .withRetrySettings(NO_RETRIES)
                        .withMultipartUploadSettings(MultipartUploadSettings.create(NO_RETRIES))
                        .withSignAnonymousRequests(!(credentials instanceof AnonymousCredentialsProvider));
        if (settings.endpoint().isPresent()) {
            connector = connector.withEndpointUrl(settings.endpoint().get());
        }
        return new S3Transport(system, S3Attributes.settings(connector));
    }

    public ActorSystem system() {
        return system;
    }

    /** Put on every connector stream, so it uses these settings and not the config's. */
    public Attributes attributes() {
        return attributes;
    }

    private static Config httpConfig(S3Settings settings) {
        long timeoutMs = settings.requestTimeout().toMillis();
        int connections = settings.parallelism() + EXTRA_CONNECTIONS;
        return ConfigFactory.parseMap(Map.of(
                // Never keeps a JVM alive, even when a storage is not closed.
                "pekko.daemonic", "on",
                // A plain local system, whatever an application.conf sets up for the cluster.
                "pekko.actor.provider", "local",
                "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off",
                "pekko.http.client.idle-timeout", timeoutMs + "ms",
                "pekko.http.client.connecting-timeout", timeoutMs + "ms",
                "pekko.http.host-connection-pool.client.idle-timeout", timeoutMs + "ms",
                "pekko.http.host-connection-pool.client.connecting-timeout", timeoutMs + "ms",
                "pekko.http.host-connection-pool.max-retries", 0,
                "pekko.http.host-connection-pool.max-connections", connections,
                // Must be a power of two and leave room for the requests queued behind the connections.
                "pekko.http.host-connection-pool.max-open-requests", Integer.highestOneBit(connections) * 4));
    }

    @Override
    public void close() {
        awaitQuietly(Http.get(system).shutdownAllConnectionPools());
        system.terminate();
        awaitQuietly(system.getWhenTerminated());
    }

    /** Shutting down is best effort: a daemonic system that does not stop in time keeps nothing alive. */
    private static void awaitQuietly(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Nothing more to do while closing.
        }
    }
}
