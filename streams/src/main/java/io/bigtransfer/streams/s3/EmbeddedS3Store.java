package io.bigtransfer.streams.s3;

import io.bigtransfer.config.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server (S3Proxy) in this JVM on 127.0.0.1, serving a local folder: each subfolder is a
 * bucket and each file below it an object, so files put there are readable through S3 and objects
 * put through S3 appear as files. For tests and for the demo, which thereby take the same path as
 * a cluster reading from object storage. Credentials are made up per start.
 */
public final class EmbeddedS3Store implements AutoCloseable {
    private static final String ACCESS_KEY_ID = "bit-embedded";
    private static final long START_TIMEOUT_MS = 30_000;

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String secret;

    private EmbeddedS3Store(S3Proxy proxy, BlobStoreContext context, String secret) {
        this.proxy = proxy;
        this.context = context;
        this.secret = secret;
    }

    /** Starts serving {@code folder} (created if missing) on a free port. */
    public static EmbeddedS3Store start(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the embedded S3 store's folder " + folder, e);
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2")
                // A local folder needs no credentials, but jclouds insists on some.
                .credentials("local", "local").overrides(properties).build(BlobStoreContext.class);
        String secret = UUID.randomUUID().toString();
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, secret)
                .build();
        EmbeddedS3Store store = new EmbeddedS3Store(proxy, context, secret);
        try {
            proxy.start();
            store.awaitStarted();
        } catch (Exception e) {
            store.close();
            throw new IllegalStateException("the embedded S3 store did not start: " + e, e);
        }
        return store;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** {@code base} (timeouts, retries, parallelism) pointed at this store: endpoint, path-style, its credentials. */
    public S3Settings settings(S3Settings base) {
        return new S3Settings(Optional.of(endpoint()), base.region(), true, Optional.of(ACCESS_KEY_ID),
                Optional.of(secret), base.requestTimeout(), base.maxRetries(), base.parallelism());
    }

    /** Creates the bucket (a subfolder) unless it exists. */
    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /**
     * Copies every file under {@code folder} into the store as {@code prefix/<relative path>},
     * creating the bucket if needed. Through the store itself rather than as plain files, because
     * it keeps per-object metadata (checksums) beside each file that S3 listings need.
     */
    public void importFolder(Path folder, S3Uri prefix) {
        createBucket(prefix.bucket());
        BlobStore blobs = context.getBlobStore();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String key = prefix.resolve(folder.relativize(file).toString().replace('\\', '/')).key();
                blobs.putBlob(prefix.bucket(), blobs.blobBuilder(key).payload(file.toFile())
                        .contentLength(Files.size(file)).build());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot import " + folder + " into the embedded S3 store", e);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // Its threads are not daemons: stopping is all that matters, and it was tried.
        } finally {
            context.close();
        }
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("still " + proxy.getState() + " after " + START_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }
}
