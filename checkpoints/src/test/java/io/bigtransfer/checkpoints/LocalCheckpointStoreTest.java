package io.bigtransfer.checkpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.CheckpointMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckpointStoreTest {
    @TempDir
    Path root;

    @Test
    void savesUnderAZeroPaddedNameAndPointsLatestAtIt() throws IOException {
        Path dir = root.resolve("run/checkpoints");
        LocalCheckpointStore store = new LocalCheckpointStore(dir, 3);

        String file = store.save(SampleRecords.atStep(42));

        assertEquals(dir.resolve("ckpt-000000042.bitckpt").toString(), file);
        assertEquals(Optional.of(file), store.latestLocation());
        assertEquals("ckpt-000000042.bitckpt", Files.readString(dir.resolve("latest")).strip());
        assertEquals(42, store.loadLatest().orElseThrow().step());
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoLatest() {
        assertEquals(Optional.empty(), new LocalCheckpointStore(root.resolve("never-written"), 2).loadLatest());
        assertEquals(Optional.empty(), new LocalCheckpointStore(root, 2).loadLatest());
    }

    @Test
    void retentionKeepsTheLastN() {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 2);
        for (long step = 100; step <= 500; step += 100) {
            store.save(SampleRecords.atStep(step));
        }

        assertEquals(List.of("ckpt-000000400.bitckpt", "ckpt-000000500.bitckpt", "latest"), names());
        assertEquals(500, store.loadLatest().orElseThrow().step());
    }

    @Test
    void keepsTheBestCheckpointByTheChosenMetricBesideTheLastN() throws IOException {
        LocalCheckpointStore byAccuracy = new LocalCheckpointStore(root.resolve("top1"), 1, Optional.of(CheckpointMetric.TOP1));
        LocalCheckpointStore byLoss = new LocalCheckpointStore(root.resolve("loss"), 1, Optional.of(CheckpointMetric.LOSS));
        double[][] topAndLoss = {{0.5, 0.9}, {0.7, 0.6}, {0.6, 0.4}, {0.65, 0.5}};
        for (int i = 0; i < topAndLoss.length; i++) {
            byAccuracy.save(SampleRecords.evaluated(i + 1, topAndLoss[i][0], topAndLoss[i][1]));
            byLoss.save(SampleRecords.evaluated(i + 1, topAndLoss[i][0], topAndLoss[i][1]));
        }
        assertEquals(Optional.of(root.resolve("top1/ckpt-000000002.bitckpt")), byAccuracy.bestFile());
        assertEquals(Optional.of(root.resolve("loss/ckpt-000000003.bitckpt")), byLoss.bestFile());
        try (var files = Files.list(root.resolve("top1"))) {
            assertEquals(List.of("best", "ckpt-000000002.bitckpt", "ckpt-000000004.bitckpt", "latest"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        assertEquals("ckpt-000000002.bitckpt top1 0.7", Files.readString(root.resolve("top1/best")).strip());
        assertEquals(4, byAccuracy.loadLatest().orElseThrow().step());
    }

    @Test
    void aBestOfAnotherMetricOrANanValueIsReplaced() {
        LocalCheckpointStore byLoss = new LocalCheckpointStore(root, 3, Optional.of(CheckpointMetric.LOSS));
        byLoss.save(SampleRecords.evaluated(1, 0.5, Double.NaN));
        byLoss.save(SampleRecords.evaluated(2, 0.5, 0.9));
        assertEquals(Optional.of(root.resolve("ckpt-000000002.bitckpt")), byLoss.bestFile(), "a NaN loss is no best");
        LocalCheckpointStore byAccuracy = new LocalCheckpointStore(root, 3, Optional.of(CheckpointMetric.TOP1));
        byAccuracy.save(SampleRecords.evaluated(3, 0.1, 0.1));
        assertEquals(Optional.of(root.resolve("ckpt-000000003.bitckpt")), byAccuracy.bestFile(),
                "a loss of 0.9 says nothing about top-1");
    }

    @Test
    void withoutAMetricOnlyTheLastNAreKept() {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 1, Optional.empty());
        store.save(SampleRecords.evaluated(1, 0.9, 0.1));
        store.save(SampleRecords.evaluated(2, 0.1, 0.9));
        assertEquals(Optional.empty(), store.bestFile());
        assertEquals(List.of("ckpt-000000002.bitckpt", "latest"), names());
    }

    @Test
    void retentionNeverDeletesTheCheckpointLatestNames() {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 1);
        store.save(SampleRecords.atStep(300));
        // A run resumed from an earlier checkpoint saves a lower step than one already present.
        store.save(SampleRecords.atStep(200));

        assertTrue(names().contains("ckpt-000000200.bitckpt"), names().toString());
        assertEquals(200, store.loadLatest().orElseThrow().step());
    }

    @Test
    void leftoverTemporaryFilesAreIgnoredByReadersAndCleanedOnSave() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 5);
        store.save(SampleRecords.atStep(10));
        // What a writer killed mid-save leaves: a half checkpoint and a half pointer.
        Files.write(root.resolve("ckpt-000000020.bitckpt.1b2c.tmp"), new byte[] {'B', 'I', 'T', 1, 2, 3});
        Files.writeString(root.resolve("latest.9f3e.tmp"), "ckpt-0000");

        assertEquals(10, store.loadLatest().orElseThrow().step());
        assertEquals(10, LocalCheckpointStore.load(root).step());

        store.save(SampleRecords.atStep(30));

        assertEquals(List.of("ckpt-000000010.bitckpt", "ckpt-000000030.bitckpt", "latest"), names());
        assertEquals(30, store.loadLatest().orElseThrow().step());
    }

    @Test
    void withoutALatestPointerTheHighestStepIsLatest() throws IOException {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 5);
        store.save(SampleRecords.atStep(7));
        store.save(SampleRecords.atStep(1000));
        store.save(SampleRecords.atStep(99));
        Files.delete(root.resolve("latest"));

        assertEquals(1000, store.loadLatest().orElseThrow().step());
    }

    @Test
    void loadOfADirectoryGivesItsLatest() {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 5);
        store.save(SampleRecords.atStep(5));
        Path newest = Path.of(store.save(SampleRecords.atStep(6)));

        assertEquals(6, LocalCheckpointStore.load(root).step());
        assertEquals(6, LocalCheckpointStore.load(newest).step());
    }

    @Test
    void loadOfAMissingPathOrEmptyDirectoryNamesIt() {
        Path missing = root.resolve("no-such-run");
        CheckpointException noPath = assertThrows(CheckpointException.class, () -> LocalCheckpointStore.load(missing));
        assertTrue(noPath.getMessage().contains(missing.toString()), noPath.getMessage());

        CheckpointException empty = assertThrows(CheckpointException.class, () -> LocalCheckpointStore.load(root));
        assertTrue(empty.getMessage().contains(root.toString()), empty.getMessage());
    }

    @Test
    void aLatestPointerNamingSomethingElseIsRefused() throws IOException {
        Files.writeString(root.resolve("latest"), "../../etc/passwd\n");

        CheckpointException refusal = assertThrows(CheckpointException.class,
                () -> new LocalCheckpointStore(root, 1).loadLatest());
        assertTrue(refusal.getMessage().contains(root.resolve("latest").toString()), refusal.getMessage());
    }

    @Test
    void keepLastMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LocalCheckpointStore(root, 0));
    }

    @Test
    void savingTheSameStepAgainReplacesIt() {
        LocalCheckpointStore store = new LocalCheckpointStore(root, 3);
        store.save(SampleRecords.atStep(8));
        store.save(SampleRecords.atStep(8));

        assertEquals(List.of("ckpt-000000008.bitckpt", "latest"), names());
        assertFalse(store.loadLatest().isEmpty());
    }

    private List<String> names() {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
