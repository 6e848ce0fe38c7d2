package io.bigtransfer.checkpoints;

import io.bigtransfer.streams.s3.S3Storage;
import java.util.Optional;

/**
 * A store opened by {@link CheckpointLocations#open}, with the S3 connection it opened for an
 * s3:// location; {@link #close()} closes that connection (a local store holds none).
 */
public final class OpenedCheckpointStore implements AutoCloseable {
    private final CheckpointStore store;
    private final Optional<S3Storage> ownedStorage;

    OpenedCheckpointStore(CheckpointStore store, Optional<S3Storage> ownedStorage) {
        this.store = store;
        this.ownedStorage = ownedStorage;
    }

    public CheckpointStore store() {
        return store;
    }

    @Override
    public void close() {
        ownedStorage.ifPresent(S3Storage::close);
    }
}
