package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.KeyFolderLayout;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import io.bigtransfer.streams.s3.StoredObject;
import java.io.IOException;
import java.util.List;

/**
 * An image folder in object storage, {@code s3://bucket/prefix/<class name>/<image>}, listed by
 * the same rules as {@link FolderDataset} (classes sorted by name, samples by class then name,
 * hidden names and loose or nested objects ignored), so a folder and its upload give every
 * sample the same index. {@code read} is one streamed GET; the storage bounds how many run at
 * once, so any number of decode threads may call it.
 */
public final class S3Dataset implements Dataset {
    private final S3Storage storage;
    private final S3Uri root;
    private final KeyFolderLayout layout;

    private S3Dataset(S3Storage storage, S3Uri root, KeyFolderLayout layout) {
        this.storage = storage;
        this.root = root;
        this.layout = layout;
    }

    /** Lists {@code root}; fails with a {@link DataException} naming it when its bucket is missing or it holds no images. */
    public static S3Dataset open(S3Storage storage, S3Uri root) {
        S3Uri prefix = root.asPrefix();
        List<StoredObject> objects;
        try {
            storage.requireBucket(root);
            objects = storage.list(prefix);
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
        if (objects.isEmpty()) {
            throw new DataException("The data location " + root + " holds no objects.");
        }
        KeyFolderLayout layout = KeyFolderLayout.of(
                objects.stream().map(object -> object.uri().key().substring(prefix.key().length())).toList());
        if (layout.classNames().isEmpty()) {
            throw new DataException("The data location " + root + " has no class folders.");
        }
        if (layout.sampleKeys().isEmpty()) {
            throw new DataException("The data location " + root + " has class folders but no images.");
        }
        return new S3Dataset(storage, prefix, layout);
    }

    @Override
    public List<String> classNames() {
        return layout.classNames();
    }

    @Override
    public int size() {
        return layout.sampleKeys().size();
    }

    @Override
    public int label(int index) {
        return layout.labels()[index];
    }

    @Override
    public byte[] read(int index) throws IOException {
        return storage.get(object(index));
    }

    @Override
    public String location(int index) {
        return object(index).toString();
    }

    private S3Uri object(int index) {
        return root.resolve(layout.sampleKeys().get(index));
    }
}
