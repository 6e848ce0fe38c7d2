package io.bigtransfer.checkpoints;

import io.bigtransfer.checkpoints.internal.LocalFolder;
import io.bigtransfer.checkpoints.internal.RetainedCheckpoints;
import io.bigtransfer.config.CheckpointMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checkpoints in a local directory: {@code ckpt-<step>.bitckpt} files and a {@code latest}
 * pointer naming the newest complete one. Both are replaced atomically (temporary file, fsync,
 * rename, fsync of the directory), so a crash at any moment leaves {@code latest} naming a
 * complete checkpoint. One writer per directory; any number of readers.
 */
public final class LocalCheckpointStore implements CheckpointStore {
    private final Path directory;
    private final RetainedCheckpoints checkpoints;

    /** A store that keeps the last {@code keepLast} checkpoints. */
    public LocalCheckpointStore(Path directory, int keepLast) {
        this(directory, keepLast, Optional.empty());
    }

    /**
     * @param keepLast   how many of the latest checkpoints to keep; older ones are deleted after each save
     * @param keepBestBy also keep the checkpoint best by this metric, named by a {@code best} pointer
     */
    public LocalCheckpointStore(Path directory, int keepLast, Optional<CheckpointMetric> keepBestBy) {
        this.directory = directory;
        this.checkpoints = new RetainedCheckpoints(new LocalFolder(directory), keepLast, keepBestBy);
    }

    /** Saves durably, points {@code latest} at it, then applies retention; returns the file's path. */
    @Override
    public String save(CheckpointRecord record) {
        return directory.resolve(checkpoints.save(record)).toString();
    }

    @Override
    public Optional<CheckpointRecord> loadLatest() {
        return checkpoints.loadLatest();
    }

    /**
     * The file {@code latest} names; without that pointer (a checkpoint saved by a writer killed
     * before its first pointer update, or a directory copied without it) the highest step present.
     */
    public Optional<Path> latestFile() {
        return checkpoints.latestName().map(directory::resolve);
    }

    /** The checkpoint the {@code best} pointer names: the best by the store's metric so far. */
    public Optional<Path> bestFile() {
        return checkpoints.bestName().map(directory::resolve);
    }

    @Override
    public Optional<String> latestLocation() {
        return latestFile().map(Path::toString);
    }

    @Override
    public Optional<String> bestLocation() {
        return bestFile().map(Path::toString);
    }

    @Override
    public String location() {
        return directory.toString();
    }

    /** Loads a checkpoint file, or the latest checkpoint of a checkpoint directory. */
    public static CheckpointRecord load(Path fileOrDirectory) {
        if (Files.isDirectory(fileOrDirectory)) {
            return new LocalCheckpointStore(fileOrDirectory, 1).loadLatest().orElseThrow(() ->
                    new CheckpointException("The directory " + fileOrDirectory + " holds no checkpoint"));
        }
        if (!Files.exists(fileOrDirectory)) {
            throw new CheckpointException("The checkpoint path " + fileOrDirectory + " does not exist");
        }
        return CheckpointFormat.read(fileOrDirectory);
    }
}
