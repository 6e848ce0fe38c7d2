package io.bigtransfer.checkpoints;

import java.util.Optional;

/**
 * The checkpoints of one run in one location (a local directory or an s3:// prefix): a
 * {@code ckpt-<step>.bitckpt} per checkpoint, a {@code latest} pointer that only ever names a
 * complete one, and retention of the last N plus the best by a metric, named by a {@code best}
 * pointer. One writer per location; any number of readers. Failures are
 * {@link CheckpointException}s whose message is one sentence naming the file or object.
 */
public interface CheckpointStore {

    /**
     * Stores the record whole, then points {@code latest} at it (and {@code best}, when it is the
     * best so far), then deletes what retention no longer keeps.
     *
     * @return the new checkpoint's location: a file path or an s3:// URI
     */
    String save(CheckpointRecord record);

    /** The newest complete checkpoint, or empty when the location holds none. */
    Optional<CheckpointRecord> loadLatest();

    /** Where the newest complete checkpoint is, or empty when the location holds none. */
    Optional<String> latestLocation();

    /** Where the best checkpoint by the store's metric is, or empty when none was evaluated. */
    Optional<String> bestLocation();

    /** The store's own location: a directory path or an s3:// prefix. */
    String location();
}
