package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.ShardNames;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a data set in either layout: a shard set when {@code classes.txt} lies directly in the
 * location (an image folder ignores loose files, so the two never clash), else an image folder.
 */
public final class DataSources {
    private DataSources() {
    }

    /** A local folder: {@link ShardDataset} or {@link FolderDataset}. */
    public static Dataset open(Path root) {
        return Files.isRegularFile(root.resolve(ShardNames.CLASSES)) ? ShardDataset.open(root) : FolderDataset.open(root);
    }

    /** An S3 location: {@link ShardDataset} or {@link S3Dataset}. */
    public static Dataset open(S3Storage storage, S3Uri root) {
        boolean shards;
        try {
            shards = storage.exists(root.resolve(ShardNames.CLASSES));
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
        return shards ? ShardDataset.open(storage, root) : S3Dataset.open(storage, root);
    }
}
