package io.bigtransfer.checkpoints;

import io.bigtransfer.checkpoints.internal.FailureText;
import io.bigtransfer.config.CheckpointMetric;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.streams.DataException;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checkpoints by location string, as commands and settings name them: a local path (relative to
 * a base directory), a {@code file:} URI, or an {@code s3://bucket/key} URI.
 */
public final class CheckpointLocations {

    private CheckpointLocations() {
    }

    /**
     * Loads the checkpoint at {@code location}: a checkpoint file, a checkpoint directory (its
     * latest), an s3:// checkpoint object, or an s3:// prefix (its latest; see
     * {@link S3CheckpointStore#load}). An s3:// location is read over a connection made with
     * {@code settings} for this call alone.
     */
    public static CheckpointRecord load(String location, Path baseDirectory, S3Settings settings) {
        if (!S3Uri.isS3(location)) {
            return LocalCheckpointStore.load(localPath(location, baseDirectory));
        }
        S3Uri uri = parseS3(location);
        try (S3Storage storage = S3Storage.open(settings)) {
            return S3CheckpointStore.load(storage, uri);
        }
    }

    /**
     * The store for a {@code bit.checkpoint.dir} value. For an s3:// prefix it opens an S3
     * connection with {@code settings}, which the returned handle owns, and checks that the bucket
     * exists, so that a mistyped bucket fails now rather than at the first save.
     *
     * @param keepLast   how many of the latest checkpoints to keep
     * @param keepBestBy also keep the checkpoint best by this metric
     */
    public static OpenedCheckpointStore open(String location, Path baseDirectory, int keepLast,
                                             Optional<CheckpointMetric> keepBestBy, S3Settings settings) {
        if (!S3Uri.isS3(location)) {
            return new OpenedCheckpointStore(new LocalCheckpointStore(localPath(location, baseDirectory), keepLast,
                    keepBestBy), Optional.empty());
        }
        S3Uri prefix = parseS3(location).asPrefix();
        S3Storage storage = S3Storage.open(settings);
        try {
            storage.requireBucket(prefix);
        } catch (IOException e) {
            storage.close();
            throw new CheckpointException("Cannot keep checkpoints in " + prefix + ": " + FailureText.clause(e), e);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        return new OpenedCheckpointStore(new S3CheckpointStore(storage, prefix, keepLast, keepBestBy), Optional.of(storage));
    }

    /** A local location as an absolute, normalized path: a {@code file:} URI, or a path relative to {@code baseDirectory}. */
    public static Path localPath(String location, Path baseDirectory) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : baseDirectory.resolve(location);
        return path.toAbsolutePath().normalize();
    }

    private static S3Uri parseS3(String location) {
        try {
            return S3Uri.parse(location);
        } catch (DataException e) {
            throw new CheckpointException(FailureText.clause(e), e);
        }
    }
}
