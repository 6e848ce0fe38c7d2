package io.bigtransfer.checkpoints.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file so that, after a crash at any moment, the name holds either the complete old
 * content or the complete new one: write a temporary file beside it, fsync it, rename it over
 * the target atomically, then fsync the directory so the rename itself survives.
 */
public final class DurableFiles {
    /** Suffix of the temporary files; a killed writer leaves them behind, readers ignore them. */
    public static final String TEMP_SUFFIX = ".tmp";

    /** Writes the given temporary path; it must not keep the file open afterwards. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temporary) throws IOException;
    }

    private DurableFiles() {
    }

    public static void replace(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = directory.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            writer.write(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    /** Makes the directory's entries (creations, renames, deletions) durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            try {
                channel.force(true);
            } catch (IOException e) {
                // Some filesystems refuse fsync on a directory; there is nothing stronger to do there.
            }
        }
    }
}
