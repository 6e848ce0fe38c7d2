package io.bigtransfer.checkpoints.internal;

import io.bigtransfer.checkpoints.CheckpointException;
import io.bigtransfer.checkpoints.CheckpointFormat;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import io.bigtransfer.streams.s3.StoredObject;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checkpoints under an S3 prefix. A PUT (and a multipart upload, which S3 shows only once it is
 * completed) replaces an object whole, so no name ever shows a part of a checkpoint. Checkpoints
 * are staged in, and read back through, temporary files of the system's temporary folder
 * ({@code java.io.tmpdir}): they can be larger than a Java array.
 */
public final class S3Folder implements CheckpointFolder {
    /** Bytes per ranged GET when a checkpoint is downloaded. */
    private static final int DOWNLOAD_CHUNK = 16 * 1024 * 1024;

    private final S3Storage storage;
    private final S3Uri prefix;

    public S3Folder(S3Storage storage, S3Uri prefix) {
        this.storage = storage;
        this.prefix = prefix.asPrefix();
    }

    public S3Uri uri(String name) {
        return prefix.resolve(name);
    }

    @Override
    public String location() {
        return prefix.toString();
    }

    @Override
    public String location(String name) {
        return uri(name).toString();
    }

    /** Nothing to do: a checkpoint is staged locally, so no temporary object is ever left in the bucket. */
    @Override
    public void prepare() {
    }

    @Override
    public void writeCheckpoint(String name, CheckpointRecord record) throws IOException {
        Path staged = Files.createTempFile("bit-checkpoint-", ".bitckpt");
        try {
            CheckpointFormat.write(record, staged);
            storage.put(uri(name), staged);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    @Override
    public CheckpointRecord readCheckpoint(String name) {
        return read(storage, uri(name));
    }

    /** Downloads a checkpoint object and decodes it, refusing a damaged one in one sentence naming its URI. */
    public static CheckpointRecord read(S3Storage storage, S3Uri object) {
        Path downloaded = null;
        try {
            OptionalLong size = storage.size(object);
            if (size.isEmpty()) {
                throw new CheckpointException("Checkpoint " + object + " does not exist");
            }
            downloaded = Files.createTempFile("bit-checkpoint-", ".bitckpt");
            download(storage, object, size.getAsLong(), downloaded);
            return CheckpointFormat.read(downloaded, object.toString());
        } catch (IOException e) {
            throw new CheckpointException("Cannot read checkpoint " + object + ": " + FailureText.clause(e), e);
        } finally {
            deleteQuietly(downloaded);
        }
    }

    @Override
    public Optional<String> readText(String name) throws IOException {
        try {
            return Optional.of(new String(storage.get(uri(name)), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeText(String name, String text) throws IOException {
        storage.put(uri(name), text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean exists(String name) throws IOException {
        return storage.exists(uri(name));
    }

    /** The names directly under the prefix; keys further down are not entries of this folder. */
    @Override
    public List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (StoredObject object : storage.list(prefix)) {
                String name = object.uri().key().substring(prefix.key().length());
                if (!name.isEmpty() && !name.contains("/")) {
                    names.add(name);
                }
            }
        } catch (FileNotFoundException e) {
            // No bucket holds no checkpoints, as a missing local directory does.
            return List.of();
        }
        return names;
    }

    @Override
    public void delete(String name) throws IOException {
        storage.delete(uri(name));
    }

    /** Nothing to do: S3 deletions are durable once answered. */
    @Override
    public void syncDeletions() {
    }

    /** Ranged GETs into {@code file}, so that no object has to fit in one array. */
    private static void download(S3Storage storage, S3Uri object, long size, Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < size; offset += DOWNLOAD_CHUNK) {
                int length = (int) Math.min(DOWNLOAD_CHUNK, size - offset);
                ChannelIo.writeFully(channel, ByteBuffer.wrap(storage.get(object, offset, length)), offset);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover in the temporary folder is no reason to fail a read that succeeded.
        }
    }
}
