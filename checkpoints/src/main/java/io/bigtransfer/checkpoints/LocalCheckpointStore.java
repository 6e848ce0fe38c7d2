package io.bigtransfer.checkpoints;

import io.bigtransfer.checkpoints.internal.CheckpointFileNames;
import io.bigtransfer.checkpoints.internal.DurableFiles;
import io.bigtransfer.config.CheckpointMetric;
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
    private final Optional<CheckpointMetric> keepBestBy;

    /** A store that keeps the last {@code keepLast} checkpoints. */
    public LocalCheckpointStore(Path directory, int keepLast) {
        this(directory, keepLast, Optional.empty());
    }

    /**
     * @param keepLast   how many of the latest checkpoints to keep; older ones are deleted after each save
     * @param keepBestBy also keep the checkpoint best by this metric, named by a {@code best} pointer
     */
    public LocalCheckpointStore(Path directory, int keepLast, Optional<CheckpointMetric> keepBestBy) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("a checkpoint store must keep at least 1 checkpoint, not " + keepLast);
        }
        this.directory = directory;
        this.keepLast = keepLast;
        this.keepBestBy = keepBestBy;
    }

    /** Saves durably, points {@code latest} at it, then applies retention; returns the file. */
    public synchronized Path save(CheckpointRecord record) {
        Path file = directory.resolve(CheckpointFileNames.forStep(record.step()));
        try {
            prepareDirectory();
            DurableFiles.replace(file, temporary -> CheckpointFormat.write(record, temporary));
            writePointer(CheckpointFileNames.LATEST, file.getFileName().toString());
            if (isNewBest(record)) {
                CheckpointMetric metric = keepBestBy.orElseThrow();
                writePointer(CheckpointFileNames.BEST,
                        file.getFileName() + " " + metric.key() + " " + record.metrics().get(metric.key()));
            }
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
        return readPointer(CheckpointFileNames.LATEST).map(directory::resolve)
                .or(() -> checkpointFiles().stream().reduce((older, newer) -> newer));
    }

    /** The checkpoint the {@code best} pointer names: the best by the store's metric so far. */
    public Optional<Path> bestFile() {
        return readPointer(CheckpointFileNames.BEST).map(pointer -> directory.resolve(pointer.split(" ")[0]));
    }

    private boolean isNewBest(CheckpointRecord record) {
        if (keepBestBy.isEmpty() || !record.metrics().containsKey(keepBestBy.get().key())) {
            return false;
        }
        Optional<String> best = readPointer(CheckpointFileNames.BEST);
        if (best.isEmpty()) {
            return true;
        }
        // The pointer reads "NAME METRIC VALUE". One that names a missing file, another metric, or a
        // value that is not a number (a diverged loss) is replaced rather than trusted.
        String[] pointer = best.get().split(" ");
        try {
            double incumbent = Double.parseDouble(pointer[2]);
            return !Files.exists(directory.resolve(pointer[0])) || !pointer[1].equals(keepBestBy.get().key())
                    || Double.isNaN(incumbent) || keepBestBy.get().isBetter(record.metrics().get(keepBestBy.get().key()), incumbent);
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return true;
        }
    }

    /** A pointer's text ({@code NAME}, or {@code NAME METRIC VALUE}), checked to name a checkpoint in this directory. */
    private Optional<String> readPointer(String pointerName) {
        Path pointer = directory.resolve(pointerName);
        try {
            String text = Files.readString(pointer, StandardCharsets.UTF_8).strip();
            // A bare checkpoint name only, so the pointer can never lead outside the directory.
            if (!CheckpointFileNames.isCheckpoint(text.split(" ")[0])) {
                throw new CheckpointException("The " + pointerName + " pointer " + pointer + " does not name a checkpoint file");
            }
            return Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CheckpointException("Cannot read the " + pointerName + " pointer " + pointer + ": " + e.getMessage(), e);
        }
    }

    private void writePointer(String pointerName, String text) throws IOException {
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        DurableFiles.replace(directory.resolve(pointerName), temporary -> Files.write(temporary, bytes));
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
        Optional<Path> best = bestFile();
        for (Path old : files.subList(0, Math.max(0, files.size() - keepLast))) {
            if (!old.getFileName().equals(latest.getFileName()) && !best.map(old::equals).orElse(false)) {
                Files.deleteIfExists(old);
            }
        }
        DurableFiles.syncDirectory(directory);
    }
}
