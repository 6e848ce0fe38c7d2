package io.bigtransfer.checkpoints;

import io.bigtransfer.config.S3Settings;
import io.bigtransfer.streams.s3.EmbeddedS3Store;
import io.bigtransfer.streams.s3.S3Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server in this JVM (S3Proxy over a temporary folder) with the bucket {@code runs}, and
 * a connection to it, for the tests of one class: {@code @RegisterExtension static final EmbeddedS3}.
 */
final class EmbeddedS3 implements BeforeAllCallback, AfterAllCallback {
    private Path folder;
    private EmbeddedS3Store server;
    S3Settings settings;
    S3Storage storage;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        folder = Files.createTempDirectory("bit-s3-checkpoints-");
        server = EmbeddedS3Store.start(folder);
        server.createBucket("runs");
        settings = server.settings(new S3Settings(Optional.empty(), "us-east-1", false, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(10), 1, 4));
        storage = S3Storage.open(settings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (storage != null) {
            storage.close();
        }
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        }
    }
}
