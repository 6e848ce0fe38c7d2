package io.bigtransfer.streams.s3;

import io.bigtransfer.config.S3Settings;
import io.bigtransfer.streams.internal.Retrying;
import io.bigtransfer.streams.internal.S3Failures;
import io.bigtransfer.streams.internal.S3Transport;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.headers.ByteRange;
import org.apache.pekko.stream.connectors.s3.BucketAccess;
import org.apache.pekko.stream.connectors.s3.ObjectMetadata;
import org.apache.pekko.stream.connectors.s3.javadsl.S3;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Object storage through Pekko Connectors S3, for data sets and checkpoints alike. Calls block the
 * calling thread and are safe from many threads; every request is retried after transient failures
 * ({@code bit.s3.max-retries}, exponential backoff) and fails after a stall of
 * {@code bit.s3.request-timeout}. At most {@code bit.s3.parallelism} reads stream at once; further
 * readers wait. Failures are {@link IOException}s whose message is one sentence naming the
 * s3:// URI; a missing object or bucket is a {@link FileNotFoundException}.
 */
public final class S3Storage implements AutoCloseable {
    /** S3's smallest multipart part; a larger object is uploaded in parts of this size. */
    public static final int PART_SIZE = 5 * 1024 * 1024;

    private final S3Transport transport;
    private final Retrying retrying;
    private final Semaphore reads;

    private S3Storage(S3Transport transport, Retrying retrying, int parallelism) {
        this.transport = transport;
        this.retrying = retrying;
        this.reads = new Semaphore(parallelism, true);
    }

    /** Storage as {@code bit.s3} describes it, with credentials from the environment where the settings have none. */
    public static S3Storage open(S3Settings settings) {
        return new S3Storage(S3Transport.create(settings, System.getenv()), new Retrying(settings.maxRetries()),
                settings.parallelism());
    }

    /** The whole object. */
    public byte[] get(S3Uri object) throws IOException {
        return read(object, () -> S3.getObject(object.bucket(), object.key()));
    }

    /** {@code length} bytes of the object from {@code offset}; fails if the object ends before. */
    public byte[] get(S3Uri object, long offset, int length) throws IOException {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range: offset " + offset + ", length " + length);
        }
        ByteRange range = ByteRange.createSlice(offset, offset + length - 1);
        byte[] bytes = read(object, () -> S3.getObject(object.bucket(), object.key(), range));
        if (bytes.length != length) {
            throw new IOException(object + " ends before byte " + (offset + length) + " (got " + bytes.length
                    + " of " + length + " bytes from offset " + offset + ").");
        }
        return bytes;
    }

    public void put(S3Uri object, byte[] bytes) throws IOException {
        upload(object, bytes.length, () -> Source.single(ByteString.fromArray(bytes)));
    }

    /** Uploads a file, in parts when it is larger than {@link #PART_SIZE}. */
    public void put(S3Uri object, Path file) throws IOException {
        upload(object, Files.size(file), () -> FileIO.fromPath(file));
    }

    /** Every object whose key starts with the prefix's key, in S3's (UTF-8 byte) key order, past any page limit. */
    public List<StoredObject> list(S3Uri prefix) throws IOException {
        Optional<String> keyPrefix = prefix.key().isEmpty() ? Optional.empty() : Optional.of(prefix.key());
        return await("Listing", prefix, () -> S3.listBucket(prefix.bucket(), keyPrefix)
                .map(entry -> new StoredObject(new S3Uri(prefix.bucket(), entry.getKey()), entry.getSize()))
                .withAttributes(transport.attributes())
                .runWith(Sink.seq(), transport.system()));
    }

    /** The object's size, or empty when there is no such object. */
    public OptionalLong size(S3Uri object) throws IOException {
        Optional<ObjectMetadata> metadata = await("Checking", object,
                () -> S3.getObjectMetadata(object.bucket(), object.key())
                        .withAttributes(transport.attributes())
                        .runWith(Sink.head(), transport.system()));
        return metadata.map(m -> OptionalLong.of(m.getContentLength())).orElse(OptionalLong.empty());
    }

    public boolean exists(S3Uri object) throws IOException {
        return size(object).isPresent();
    }

    /** Removes the object; removing a missing object is no error (S3's own rule). */
    public void delete(S3Uri object) throws IOException {
        await("Deleting", object, () -> S3.deleteObject(object.bucket(), object.key())
                .withAttributes(transport.attributes())
                .runWith(Sink.ignore(), transport.system()));
    }

    /** Fails with a {@link FileNotFoundException} naming {@code location} when its bucket does not exist. */
    public void requireBucket(S3Uri location) throws IOException {
        BucketAccess access = await("Checking the bucket of", location,
                () -> S3.checkIfBucketExists(location.bucket(), transport.system(), transport.attributes()));
        if (access == BucketAccess.notExists()) {
            throw new FileNotFoundException("The bucket " + location.bucket() + " of " + location + " does not exist.");
        }
        if (access == BucketAccess.accessDenied()) {
            throw new IOException("Access to the bucket " + location.bucket() + " of " + location + " was denied; check"
                    + " bit.s3.access-key-id and bit.s3.secret-access-key or the AWS environment variables.");
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    private byte[] read(S3Uri object, Supplier<Source<ByteString, ?>> request) throws IOException {
        try {
            reads.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to read " + object + ".");
        }
        try {
            ByteString bytes = await("Reading", object, () -> request.get()
                    .withAttributes(transport.attributes())
                    .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), transport.system()));
            return bytes.toArray();
        } finally {
            reads.release();
        }
    }

    private void upload(S3Uri object, long size, Supplier<Source<ByteString, ?>> data) throws IOException {
        await("Writing", object, () -> size <= PART_SIZE ? putWhole(object, size, data.get()) : putInParts(object, data.get()));
    }

    private CompletionStage<Done> putWhole(S3Uri object, long size, Source<ByteString, ?> data) {
        return S3.putObject(object.bucket(), object.key(), data, size, ContentTypes.APPLICATION_OCTET_STREAM)
                .withAttributes(transport.attributes())
                .runWith(Sink.ignore(), transport.system());
    }

    private CompletionStage<Done> putInParts(S3Uri object, Source<ByteString, ?> data) {
        return data.runWith(S3.multipartUpload(object.bucket(), object.key()).withAttributes(transport.attributes()),
                transport.system()).thenApply(result -> Done.getInstance());
    }

    private <T> T await(String action, S3Uri uri, Supplier<CompletionStage<T>> attempt) throws IOException {
        try {
            return retrying.run(action + " " + uri, attempt).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(action + " " + uri + " was interrupted.");
        } catch (ExecutionException e) {
            throw S3Failures.describe(e, action, uri);
        }
    }
}
