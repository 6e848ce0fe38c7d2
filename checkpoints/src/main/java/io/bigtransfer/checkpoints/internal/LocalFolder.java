package io.bigtransfer.checkpoints.internal;

import io.bigtransfer.checkpoints.CheckpointFormat;
import io.bigtransfer.checkpoints.CheckpointRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local checkpoint directory. Every write goes to a temporary file beside its target, is
 * fsynced and renamed over it atomically, and the directory is fsynced ({@link DurableFiles}), so
 * a crash at any moment leaves each name with its complete old or new content.
 */
public final class LocalFolder implements CheckpointFolder {
    private final Path directory;

    public LocalFolder(Path directory) {
        this.directory = directory;
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public String location(String name) {
        return directory.resolve(name).toString();
    }

    /** Creates the directory durably and removes temporary files a killed writer left behind. */
    @Override
    public void prepare() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            DurableFiles.syncDirectory(directory.toAbsolutePath().getParent());
        }
        for (String leftover : names()) {
            if (CheckpointFileNames.isTemporary(leftover)) {
                Files.deleteIfExists(directory.resolve(leftover));
            }
        }
    }

    @Override
    public void writeCheckpoint(String name, CheckpointRecord record) throws IOException {
        DurableFiles.replace(directory.resolve(name), temporary -> CheckpointFormat.write(record, temporary));
    }

    @Override
    public CheckpointRecord readCheckpoint(String name) {
        return CheckpointFormat.read(directory.resolve(name));
    }

    @Override
    public Optional<String> readText(String name) throws IOException {
        try {
            return Optional.of(Files.readString(directory.resolve(name), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void writeText(String name, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DurableFiles.replace(directory.resolve(name), temporary -> Files.write(temporary, bytes));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(directory.resolve(name));
    }

    @Override
    public List<String> names() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(directory.resolve(name));
    }

    @Override
    public void syncDeletions() throws IOException {
        DurableFiles.syncDirectory(directory);
    }
}
