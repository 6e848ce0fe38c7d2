package io.bigtransfer.checkpoints;

import io.bigtransfer.checkpoints.internal.CheckpointFileNames;
import io.bigtransfer.checkpoints.internal.CheckpointFolder;
import io.bigtransfer.checkpoints.internal.FailureText;
import io.bigtransfer.checkpoints.internal.RetainedCheckpoints;
import io.bigtransfer.checkpoints.internal.S3Folder;
import io.bigtransfer.config.CheckpointMetric;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.util.Optional;

/**
 * Checkpoints under an {@code s3://bucket/prefix/}, named as in a local directory
 * ({@code ckpt-<step>.bitckpt}, {@code latest}, {@code best}). A save writes the checkpoint to a
 * local temporary file, uploads it (in parts above {@link S3Storage#PART_SIZE}), and only once the
 * upload has completed puts the {@code latest} pointer, then {@code best}, then deletes what
 * retention no longer keeps. S3 shows an object only once its upload completed, so neither
 * {@code latest} nor any checkpoint name ever shows part of a checkpoint. One writer per prefix;
 * any number of readers. The storage is the caller's: closing it is theirs too.
 */
public final class S3CheckpointStore implements CheckpointStore {
    private final RetainedCheckpoints checkpoints;

    /**
     * @param prefix     where the checkpoints go; {@code s3://b/run} means {@code s3://b/run/}
     * @param keepLast   how many of the latest checkpoints to keep; older ones are deleted after each save
     * @param keepBestBy also keep the checkpoint best by this metric, named by a {@code best} pointer
     */
    public S3CheckpointStore(S3Storage storage, S3Uri prefix, int keepLast, Optional<CheckpointMetric> keepBestBy) {
        this(new S3Folder(storage, prefix), keepLast, keepBestBy);
    }

    /** A store over any folder: tests put failures between this store and S3. */
    S3CheckpointStore(CheckpointFolder folder, int keepLast, Optional<CheckpointMetric> keepBestBy) {
        this.checkpoints = new RetainedCheckpoints(folder, keepLast, keepBestBy);
    }

    /** Uploads the checkpoint, then points {@code latest} at it, then applies retention; returns its s3:// URI. */
    @Override
    public String save(CheckpointRecord record) {
        return checkpoints.folder().location(checkpoints.save(record));
    }

    @Override
    public Optional<CheckpointRecord> loadLatest() {
        return checkpoints.loadLatest();
    }

    /**
     * The s3:// URI {@code latest} names; without that pointer (a checkpoint saved by a writer
     * killed before its first pointer update) the highest step present.
     */
    @Override
    public Optional<String> latestLocation() {
        return checkpoints.latestName().map(checkpoints.folder()::location);
    }

    @Override
    public Optional<String> bestLocation() {
        return checkpoints.bestName().map(checkpoints.folder()::location);
    }

    @Override
    public String location() {
        return checkpoints.folder().location();
    }

    /**
     * Loads a checkpoint object, or the latest checkpoint under a prefix. A key ending in '/' is a
     * prefix and a key ending in a checkpoint's name an object; any other key is an object if one
     * exists under it, else a prefix ({@code s3://b/run} meaning {@code s3://b/run/}).
     */
    public static CheckpointRecord load(S3Storage storage, S3Uri objectOrPrefix) {
        if (isObject(storage, objectOrPrefix)) {
            return S3Folder.read(storage, objectOrPrefix);
        }
        S3CheckpointStore store = new S3CheckpointStore(storage, objectOrPrefix, 1, Optional.empty());
        return store.loadLatest().orElseThrow(() -> new CheckpointException(store.location().equals(objectOrPrefix.toString())
                ? "The location " + objectOrPrefix + " holds no checkpoint"
                : "There is no checkpoint object " + objectOrPrefix + " and no checkpoint under " + store.location()));
    }

    private static boolean isObject(S3Storage storage, S3Uri location) {
        String key = location.key();
        if (key.isEmpty() || key.endsWith("/")) {
            return false;
        }
        if (CheckpointFileNames.isCheckpoint(key.substring(key.lastIndexOf('/') + 1))) {
            return true;
        }
        try {
            return storage.exists(location);
        } catch (IOException e) {
            throw new CheckpointException("Cannot look for the checkpoint " + location + ": "
                    + FailureText.clause(e), e);
        }
    }
}
