package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import io.bigtransfer.streams.s3.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shard set under an S3 prefix. Shards are built in the local temporary folder and uploaded
 * whole; an S3 object appears only once its upload completes, so readers never see half of one.
 */
public final class S3ShardFiles implements ShardFiles {
    private final S3Storage storage;
    private final S3Uri prefix;

    public S3ShardFiles(S3Storage storage, S3Uri prefix) {
        this.storage = storage;
        this.prefix = prefix.asPrefix();
    }

    @Override
    public String describe() {
        return prefix.toString();
    }

    @Override
    public String location(String name) {
        return prefix.resolve(name).toString();
    }

    @Override
    public Map<String, Long> list() throws IOException {
        Map<String, Long> files = new TreeMap<>();
        for (StoredObject object : storage.list(prefix)) {
            String name = object.uri().key().substring(prefix.key().length());
            if (!name.isEmpty() && !name.contains("/")) {
                files.put(name, object.size());
            }
        }
        return files;
    }

    @Override
    public byte[] read(String name) throws IOException {
        return storage.get(prefix.resolve(name));
    }

    @Override
    public byte[] read(String name, long offset, int length) throws IOException {
        return storage.get(prefix.resolve(name), offset, length);
    }

    @Override
    public Path newTempFile() throws IOException {
        return Files.createTempFile("bit-shard-", ".part");
    }

    @Override
    public void publish(String name, Path file) throws IOException {
        try {
            storage.put(prefix.resolve(name), file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void publish(String name, byte[] bytes) throws IOException {
        storage.put(prefix.resolve(name), bytes);
    }
}
