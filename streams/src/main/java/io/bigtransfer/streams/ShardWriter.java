package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.LocalShardFiles;
import io.bigtransfer.streams.internal.S3ShardFiles;
import io.bigtransfer.streams.internal.ShardEntry;
import io.bigtransfer.streams.internal.ShardFiles;
import io.bigtransfer.streams.internal.ShardIndex;
import io.bigtransfer.streams.internal.ShardNames;
import io.bigtransfer.streams.internal.TarWriter;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs a data set into tar shards of {@code perShard} samples, in a local folder or straight to an
 * S3 prefix, in the layout {@link ShardDataset} reads (streams/README.md): the shards in the data
 * set's order, so a sample keeps its index. Each shard is built in a temporary file and published
 * whole, then its index; {@code classes.txt} comes last and marks the set complete. Bytes are
 * packed as they are: a bad image stays in, to be skipped when training meets it, so indices
 * never shift.
 */
public final class ShardWriter {
    public static final int DEFAULT_PER_SHARD = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ShardWriter.class);

    private final ShardFiles target;

    private ShardWriter(ShardFiles target) {
        this.target = target;
    }

    /** Writes into {@code folder}, created if missing; fails when it already holds a shard set. */
    public static ShardWriter toFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new DataException("The output folder " + folder + " cannot be created: " + e + ".", e);
        }
        return requireEmpty(new LocalShardFiles(folder));
    }

    /** Writes under {@code prefix}; fails at once when its bucket is missing or it already holds a shard set. */
    public static ShardWriter toS3(S3Storage storage, S3Uri prefix) {
        try {
            storage.requireBucket(prefix);
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
        return requireEmpty(new S3ShardFiles(storage, prefix));
    }

    /** Packs every sample of {@code source}; returns the number of shards written. */
    public int write(Dataset source, int perShard) throws IOException {
        if (perShard <= 0) {
            throw new IllegalArgumentException("samples per shard must be positive, got " + perShard);
        }
        int shards = (source.size() + perShard - 1) / perShard;
        for (int shard = 0; shard < shards; shard++) {
            int first = shard * perShard;
            writeShard(source, ShardNames.tar(shard), first, Math.min(source.size(), first + perShard));
        }
        String classes = String.join("\n", source.classNames()) + "\n";
        target.publish(ShardNames.CLASSES, classes.getBytes(StandardCharsets.UTF_8));
        LOG.info("packed {} samples of {} classes into {} shards in {}", source.size(), source.classNames().size(),
                shards, target.describe());
        return shards;
    }

    private void writeShard(Dataset source, String tar, int first, int end) throws IOException {
        Path file = target.newTempFile();
        try {
            List<ShardEntry> entries = new ArrayList<>(end - first);
            try (TarWriter writer = new TarWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                for (int i = first; i < end; i++) {
                    byte[] bytes = readSource(source, i);
                    String key = ShardNames.key(i);
                    String member = ShardNames.imageMember(key, bytes);
                    long offset = writer.add(member, bytes);
                    int label = source.label(i);
                    writer.add(ShardNames.classMember(key), Integer.toString(label).getBytes(StandardCharsets.US_ASCII));
                    entries.add(new ShardEntry(member, offset, bytes.length, label));
                }
            }
            target.publish(tar, file);
            target.publish(ShardNames.index(tar), ShardIndex.format(entries));
            LOG.info("wrote {} ({} samples)", target.location(tar), end - first);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] readSource(Dataset source, int index) throws IOException {
        try {
            return source.read(index);
        } catch (IOException e) {
            throw new IOException("Cannot read " + source.location(index) + " to pack it: " + e + ".", e);
        }
    }

    private static ShardWriter requireEmpty(ShardFiles target) {
        try {
            for (String name : target.list().keySet()) {
                if (name.equals(ShardNames.CLASSES) || name.endsWith(ShardNames.TAR) || name.endsWith(ShardNames.INDEX)) {
                    throw new DataException("The output " + target.describe() + " already holds shard files (" + name
                            + "); choose an empty folder or prefix.");
                }
            }
        } catch (IOException e) {
            throw new DataException("The output " + target.describe() + " cannot be listed (" + e + ").", e);
        }
        return new ShardWriter(target);
    }
}
