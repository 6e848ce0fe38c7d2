package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.LocalShardFiles;
import io.bigtransfer.streams.internal.S3ShardFiles;
import io.bigtransfer.streams.internal.ShardEntry;
import io.bigtransfer.streams.internal.ShardFiles;
import io.bigtransfer.streams.internal.ShardIndex;
import io.bigtransfer.streams.internal.ShardNames;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A set of tar shards written by {@link ShardWriter}, in a local folder or under an S3 prefix. Only
 * the indices are read on opening; {@code read(i)} fetches one sample with one ranged read. Sample
 * {@code i} is fixed by the listing: shards in name order, and within a shard its index's order.
 */
public final class ShardDataset implements Dataset {
    private final ShardFiles files;
    private final List<String> classNames;
    private final String[] shards;
    private final int[] shardOf;
    private final String[] members;
    private final long[] offsets;
    private final int[] lengths;
    private final int[] labels;

    private ShardDataset(ShardFiles files, List<String> classNames, String[] shards, List<Integer> shardOf,
                         List<ShardEntry> entries) {
        this.files = files;
        this.classNames = classNames;
        this.shards = shards;
        this.shardOf = shardOf.stream().mapToInt(Integer::intValue).toArray();
        this.members = entries.stream().map(ShardEntry::member).toArray(String[]::new);
        this.offsets = entries.stream().mapToLong(ShardEntry::offset).toArray();
        this.lengths = entries.stream().mapToInt(ShardEntry::length).toArray();
        this.labels = entries.stream().mapToInt(ShardEntry::label).toArray();
    }

    /** The shard set in {@code folder}; fails with a {@link DataException} when it is not a complete one. */
    public static ShardDataset open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DataException("The shard folder " + folder + " does not exist or is not a folder.");
        }
        return open(new LocalShardFiles(folder));
    }

    /** The shard set under {@code prefix}; fails with a {@link DataException} naming it when it is missing or incomplete. */
    public static ShardDataset open(S3Storage storage, S3Uri prefix) {
        try {
            storage.requireBucket(prefix);
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
        return open(new S3ShardFiles(storage, prefix));
    }

    private static ShardDataset open(ShardFiles files) {
        try {
            Map<String, Long> listing = files.list();
            if (!listing.containsKey(ShardNames.CLASSES)) {
                throw new DataException("The shard set " + files.describe() + " has no " + ShardNames.CLASSES
                        + " (it is missing or was not completely written).");
            }
            List<String> classNames = readClassNames(files);
            String[] shards = listing.keySet().stream().filter(name -> name.endsWith(ShardNames.TAR)).sorted()
                    .toArray(String[]::new);
            List<Integer> shardOf = new ArrayList<>();
            List<ShardEntry> entries = new ArrayList<>();
            for (int shard = 0; shard < shards.length; shard++) {
                List<ShardEntry> shardEntries = readIndex(files, listing, shards[shard], classNames.size());
                entries.addAll(shardEntries);
                shardOf.addAll(Collections.nCopies(shardEntries.size(), shard));
            }
            if (entries.isEmpty()) {
                throw new DataException("The shard set " + files.describe() + " holds no samples.");
            }
            return new ShardDataset(files, classNames, shards, shardOf, entries);
        } catch (IOException e) {
            throw new DataException("The shard set " + files.describe() + " cannot be read (" + e + ").", e);
        }
    }

    private static List<String> readClassNames(ShardFiles files) throws IOException {
        String text = new String(files.read(ShardNames.CLASSES), StandardCharsets.UTF_8);
        List<String> names = Arrays.stream(text.split("\n")).filter(name -> !name.isEmpty()).toList();
        if (names.isEmpty()) {
            throw new DataException(files.location(ShardNames.CLASSES) + " names no classes.");
        }
        return names;
    }

    private static List<ShardEntry> readIndex(ShardFiles files, Map<String, Long> listing, String tar, int classCount)
            throws IOException {
        String index = ShardNames.index(tar);
        if (!listing.containsKey(index)) {
            throw new DataException("The shard " + files.location(tar) + " has no index " + index + ".");
        }
        List<ShardEntry> entries;
        try {
            entries = ShardIndex.parse(files.read(index));
        } catch (IllegalArgumentException e) {
            throw new DataException("The shard index " + files.location(index) + " is malformed: " + e.getMessage() + ".");
        }
        long tarSize = listing.get(tar);
        for (ShardEntry entry : entries) {
            if (entry.offset() + entry.length() > tarSize || entry.label() >= classCount) {
                throw new DataException("The shard index " + files.location(index) + " does not match its shard or "
                        + ShardNames.CLASSES + " (member " + entry.member() + ").");
            }
        }
        return entries;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** One ranged read of the sample's member; safe from many threads. */
    @Override
    public byte[] read(int index) throws IOException {
        return lengths[index] == 0 ? new byte[0] : files.read(shards[shardOf[index]], offsets[index], lengths[index]);
    }

    /** {@code <shard location>#<member>}. */
    @Override
    public String location(int index) {
        return files.location(shards[shardOf[index]]) + "#" + members[index];
    }
}
