package io.bigtransfer.model;

import io.bigtransfer.model.internal.NpyFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Single NumPy {@code .npy} files of little-endian float32 values in C order. */
public final class NpyFiles {
    /** An array's shape and its values in C order. */
    public record Array(int[] shape, float[] values) {
    }

    private NpyFiles() {
    }

    public static Array read(Path file) {
        try {
            NpyFormat.Array array = NpyFormat.read(Files.readAllBytes(file), file.toString());
            return new Array(array.shape(), array.values());
        } catch (IOException e) {
            throw new WeightsFileException("Cannot read " + file + " as float32 .npy: " + e.getMessage() + ".", e);
        }
    }

    /** Writes via a temporary file, so no reader sees half an array. */
    public static void write(Path file, int[] shape, float[] values) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temporary, NpyFormat.write(shape, values));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            BitNpz.deleteQuietly(temporary);
            throw new WeightsFileException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }
}
