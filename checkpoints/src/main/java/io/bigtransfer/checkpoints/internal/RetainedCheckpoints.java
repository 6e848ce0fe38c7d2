package io.bigtransfer.checkpoints.internal;

import io.bigtransfer.checkpoints.CheckpointException;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.config.CheckpointMetric;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What every store does alike over its {@link CheckpointFolder}: the order of a save (the
 * checkpoint whole, then {@code latest}, then {@code best}, then deletions), the pointers' text
 * and checks, and retention of the last N plus the best.
 */
public final class RetainedCheckpoints {
    private final CheckpointFolder folder;
    private final int keepLast;
    private final Optional<CheckpointMetric> keepBestBy;

    public RetainedCheckpoints(CheckpointFolder folder, int keepLast, Optional<CheckpointMetric> keepBestBy) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("a checkpoint store must keep at least 1 checkpoint, not " + keepLast);
        }
        this.folder = folder;
        this.keepLast = keepLast;
        this.keepBestBy = keepBestBy;
    }

    public CheckpointFolder folder() {
        return folder;
    }

    /** Saves, points {@code latest} at it, then applies retention; returns the checkpoint's name. */
    public synchronized String save(CheckpointRecord record) {
        String name = CheckpointFileNames.forStep(record.step());
        try {
            folder.prepare();
            folder.writeCheckpoint(name, record);
            writePointer(CheckpointFileNames.LATEST, name);
            if (isNewBest(record)) {
                CheckpointMetric metric = keepBestBy.orElseThrow();
                writePointer(CheckpointFileNames.BEST, name + " " + metric.key() + " " + record.metrics().get(metric.key()));
            }
            deleteBeyondRetention(name);
        } catch (IOException e) {
            throw new CheckpointException("Cannot save checkpoint " + folder.location(name) + ": " + FailureText.clause(e), e);
        }
        return name;
    }

    /**
     * The checkpoint {@code latest} names; without that pointer (a checkpoint saved by a writer
     * killed before its first pointer update, or a folder copied without it) the highest step present.
     */
    public Optional<String> latestName() {
        return readPointer(CheckpointFileNames.LATEST).or(() -> {
            List<String> names = checkpointNames();
            return names.isEmpty() ? Optional.empty() : Optional.of(names.get(names.size() - 1));
        });
    }

    /** The checkpoint the {@code best} pointer names: the best by the store's metric so far. */
    public Optional<String> bestName() {
        return readPointer(CheckpointFileNames.BEST);
    }

    public Optional<CheckpointRecord> loadLatest() {
        return latestName().map(folder::readCheckpoint);
    }

    private boolean isNewBest(CheckpointRecord record) throws IOException {
        if (keepBestBy.isEmpty() || !record.metrics().containsKey(keepBestBy.get().key())) {
            return false;
        }
        Optional<String> best = readPointerText(CheckpointFileNames.BEST);
        if (best.isEmpty()) {
            return true;
        }
        // The pointer reads "NAME METRIC VALUE". One that names a missing checkpoint, another metric,
        // or a value that is not a number (a diverged loss) is replaced rather than trusted.
        String[] pointer = best.get().split(" ");
        try {
            double incumbent = Double.parseDouble(pointer[2]);
            return !folder.exists(pointer[0]) || !pointer[1].equals(keepBestBy.get().key())
                    || Double.isNaN(incumbent) || keepBestBy.get().isBetter(record.metrics().get(keepBestBy.get().key()), incumbent);
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return true;
        }
    }

    /** The checkpoint name a pointer starts with. */
    private Optional<String> readPointer(String pointerName) {
        return readPointerText(pointerName).map(text -> text.split(" ")[0]);
    }

    /** A pointer's text ({@code NAME}, or {@code NAME METRIC VALUE}), checked to name a checkpoint in this folder. */
    private Optional<String> readPointerText(String pointerName) {
        Optional<String> text;
        try {
            text = folder.readText(pointerName).map(String::strip);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read the " + pointerName + " pointer " + folder.location(pointerName)
                    + ": " + FailureText.clause(e), e);
        }
        // A bare checkpoint name only, so the pointer can never lead outside the folder.
        if (text.isPresent() && !CheckpointFileNames.isCheckpoint(text.get().split(" ")[0])) {
            throw new CheckpointException("The " + pointerName + " pointer " + folder.location(pointerName)
                    + " does not name a checkpoint file");
        }
        return text;
    }

    private void writePointer(String pointerName, String text) throws IOException {
        folder.writeText(pointerName, text + "\n");
    }

    /** Checkpoint names in the folder, oldest step first; temporary files are not among them. */
    private List<String> checkpointNames() {
        try {
            return folder.names().stream().filter(name -> CheckpointFileNames.stepOf(name).isPresent())
                    .sorted(Comparator.comparingLong(name -> CheckpointFileNames.stepOf(name).getAsLong()))
                    .toList();
        } catch (IOException e) {
            throw new CheckpointException("Cannot list the checkpoints in " + folder.location() + ": " + FailureText.clause(e), e);
        }
    }

    private void deleteBeyondRetention(String latest) throws IOException {
        List<String> names = checkpointNames();
        Optional<String> best = bestName();
        for (String old : names.subList(0, Math.max(0, names.size() - keepLast))) {
            if (!old.equals(latest) && !best.map(old::equals).orElse(false)) {
                folder.delete(old);
            }
        }
        folder.syncDeletions();
    }
}
