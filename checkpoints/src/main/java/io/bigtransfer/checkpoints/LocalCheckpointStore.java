package io.bigtransfer.checkpoints;

import io.bigtransfer.checkpoints.internal.CheckpointFileNames;
import io.bigtransfer.checkpoints.internal.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checkpoints in a local directory: {@code ckpt-<step>.bitckpt} files and a {@code latest}
 * pointer naming the newest complete one. Both are replaced atomically, so a crash at any moment
 * leaves {@code latest} naming a complete checkpoint. One writer per directory; any number of
 * readers.
 */
public final class LocalCheckpointStore {
    private final Path directory;
    private final int keepLast;

    /** @param keepLast how many checkpoints to keep; older ones are deleted after each save */
    public LocalCheckpointStore(Path directory, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("a checkpoint store must keep at least 1 checkpoint, not " + keepLast);
        }
        this.directory = directory;
        this.keepLast = keepLast;
    }

    /** Saves durably, points {@code latest} at it, then applies retention; returns the file. */
    public synchronized Path save(CheckpointRecord record) {
        Path file = directory.resolve(CheckpointFileNames.forStep(record.step()));
        try {
            prepareDirectory();
            DurableFiles.replace(file, temporary -> CheckpointFormat.write(record, temporary));
            byte[] pointer = (file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8);
            DurableFiles.replace(directory.resolve(CheckpointFileNames.LATEST), temporary -> Files.write(temporary, pointer));
            deleteBeyondRetention(file);
        } catch (IOException e) {
            throw new CheckpointException("Cannot save checkpoint " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The newest complete checkpoint, or empty when the directory holds none. */
    public Optional<CheckpointRecord> loadLatest() {
        return latestFile().map(CheckpointFormat::read);
    }

    /**
     * The file {@code latest} names; without that pointer (a checkpoint saved by a writer killed
     * before its first pointer update, or a directory copied without it) the highest step present.
     */
    public Optional<Path> latestFile() {
        Path pointer = directory.resolve(CheckpointFileNames.LATEST);
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            // A bare checkpoint name only, so the pointer can never lead outside the directory.
            if (!CheckpointFileNames.isCheckpoint(name)) {
                throw new CheckpointException("The latest pointer " + pointer + " does not name a checkpoint file");
            }
            return Optional.of(directory.resolve(name));
        } catch (NoSuchFileException e) {
            return checkpointFiles().stream().reduce((older, newer) -> newer);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read the latest pointer " + pointer + ": " + e.getMessage(), e);
        }
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

    /** Checkpoint files in the directory, oldest step first; temporary files are not among them. */
    private List<Path> checkpointFiles() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(entry -> CheckpointFileNames.stepOf(entry).isPresent())
                    .sorted(Comparator.comparingLong(entry -> CheckpointFileNames.stepOf(entry).getAsLong()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new CheckpointException("Cannot list the checkpoint directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Creates the directory durably and removes temporary files a killed writer left behind. */
    private void prepareDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            DurableFiles.syncDirectory(directory.toAbsolutePath().getParent());
        }
        List<Path> leftovers;
        try (Stream<Path> entries = Files.list(directory)) {
            leftovers = entries.filter(CheckpointFileNames::isTemporary).collect(Collectors.toList());
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
    }

    private void deleteBeyondRetention(Path latest) throws IOException {
        List<Path> files = checkpointFiles();
        for (Path old : files.subList(0, Math.max(0, files.size() - keepLast))) {
            if (!old.getFileName().equals(latest.getFileName())) {
                Files.deleteIfExists(old);
            }
        }
        DurableFiles.syncDirectory(directory);
    }
}
