package io.bigtransfer.checkpoints;

import io.bigtransfer.checkpoints.internal.CheckpointFolder;
import io.bigtransfer.checkpoints.internal.S3Folder;
import io.bigtransfer.streams.s3.S3Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An S3 folder that logs every write in order and, while {@link #failNextCheckpoint} is set,
 * breaks off a checkpoint upload halfway: the first half of its bytes lands under the checkpoint's
 * name (worse than S3 itself ever allows) and the upload fails as a dropped connection does.
 */
final class InterruptedUploads implements CheckpointFolder {
    private final S3Folder folder;
    private final S3Storage storage;
    private final Path scratch;
    final List<String> writes = new ArrayList<>();
    boolean failNextCheckpoint;

    InterruptedUploads(S3Folder folder, S3Storage storage, Path scratch) {
        this.folder = folder;
        this.storage = storage;
        this.scratch = scratch;
    }

    @Override
    public void writeCheckpoint(String name, CheckpointRecord record) throws IOException {
        if (!failNextCheckpoint) {
            folder.writeCheckpoint(name, record);
            writes.add(name);
            return;
        }
        failNextCheckpoint = false;
        Path whole = scratch.resolve(name);
        CheckpointFormat.write(record, whole);
        byte[] bytes = Files.readAllBytes(whole);
        storage.put(folder.uri(name), Arrays.copyOf(bytes, bytes.length / 2));
        throw new IOException("Writing " + folder.uri(name) + " failed: the connection was reset.");
    }

    @Override
    public void writeText(String name, String text) throws IOException {
        folder.writeText(name, text);
        writes.add(name);
    }

    @Override
    public String location() {
        return folder.location();
    }

    @Override
    public String location(String name) {
        return folder.location(name);
    }

    @Override
    public void prepare() {
        folder.prepare();
    }

    @Override
    public CheckpointRecord readCheckpoint(String name) {
        return folder.readCheckpoint(name);
    }

    @Override
    public Optional<String> readText(String name) throws IOException {
        return folder.readText(name);
    }

    @Override
    public boolean exists(String name) throws IOException {
        return folder.exists(name);
    }

    @Override
    public List<String> names() throws IOException {
        return folder.names();
    }

    @Override
    public void delete(String name) throws IOException {
        folder.delete(name);
    }

    @Override
    public void syncDeletions() {
        folder.syncDeletions();
    }
}
