package io.bigtransfer.checkpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFormatTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryField() {
        CheckpointRecord original = SampleRecords.atStep(1200);
        Path file = dir.resolve("a.bitckpt");

        CheckpointFormat.write(original, file);
        CheckpointRecord read = CheckpointFormat.read(file);

        assertEquals(original.model(), read.model());
        assertEquals(original.classNames(), read.classNames());
        assertEquals(original.normalization(), read.normalization());
        assertEquals(original.resolution(), read.resolution());
        assertBitExact(original.parameters(), read.parameters());
        assertBitExact(original.momentum(), read.momentum());
        assertEquals(original.step(), read.step());
        assertEquals(original.cursor(), read.cursor());
        assertEquals(original.learningRateScale(), read.learningRateScale());
        assertEquals(original.resolvedConfig(), read.resolvedConfig());
        assertEquals(original.metrics(), read.metrics());
        assertEquals(List.copyOf(original.metrics().keySet()), List.copyOf(read.metrics().keySet()));
    }

    @Test
    void refusesATruncatedFile() throws IOException {
        Path file = writeSample();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertRefused(file, "is truncated");
    }

    @Test
    void refusesAFileCutInsideItsHeader() throws IOException {
        Path file = writeSample();
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 12));

        assertRefused(file, "is truncated");
    }

    @Test
    void refusesAFlippedByte() throws IOException {
        Path file = writeSample();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);

        assertRefused(file, "is corrupt");
    }

    @Test
    void refusesAFutureFormatVersion() throws IOException {
        Path file = writeSample();
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).putInt(8, 7);
        Files.write(file, bytes);

        CheckpointException refusal = assertRefused(file, "was written by format version 7");
        assertTrue(refusal.getMessage().endsWith("this build reads up to " + CheckpointFormat.CURRENT_VERSION),
                refusal.getMessage());
    }

    @Test
    void refusesAFileThatIsNoCheckpoint() throws IOException {
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        Path file = Files.write(dir.resolve("photo.jpg"), noise);

        assertRefused(file, "is not a BiT checkpoint");
    }

    @Test
    void refusesAMissingFile() {
        assertRefused(dir.resolve("nothing.bitckpt"), "does not exist");
    }

    @Test
    void keepsBuffersLargerThanOneConversionChunk() {
        float[] values = new float[100_003];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7;
        }
        NamedBuffers parameters = NamedBuffers.of(List.of(new NamedBuffer("w", new int[] {values.length}, values)));
        CheckpointRecord sample = SampleRecords.atStep(1);
        CheckpointRecord big = new CheckpointRecord(sample.model(), sample.classNames(), sample.normalization(),
                sample.resolution(), parameters, parameters.zerosLike(), 1, DataCursor.START, 1.0, "", Map.of());
        Path file = dir.resolve("big.bitckpt");

        CheckpointFormat.write(big, file);

        assertBitExact(parameters, CheckpointFormat.read(file).parameters());
    }

    private Path writeSample() {
        Path file = dir.resolve("ckpt.bitckpt");
        CheckpointFormat.write(SampleRecords.atStep(5), file);
        return file;
    }

    private static CheckpointException assertRefused(Path file, String reason) {
        CheckpointException refusal = assertThrows(CheckpointException.class, () -> CheckpointFormat.read(file));
        assertTrue(refusal.getMessage().contains(file.toString()), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(reason), refusal.getMessage());
        assertFalse(refusal.getMessage().contains("\n"), refusal.getMessage());
        return refusal;
    }

    static void assertBitExact(NamedBuffers expected, NamedBuffers actual) {
        expected.requireSameLayout(actual);
        for (NamedBuffer buffer : expected.buffers()) {
            float[] want = buffer.data();
            float[] got = actual.get(buffer.name()).data();
            assertEquals(want.length, got.length, buffer.name());
            for (int i = 0; i < want.length; i++) {
                if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                            "bits of " + buffer.name() + "[" + i + "]");
                }
            }
        }
    }
}
