package io.bigtransfer.checkpoints;

import static io.bigtransfer.checkpoints.S3CheckpointStoreTest.assertOneSentenceNaming;
import static io.bigtransfer.checkpoints.S3CheckpointStoreTest.assertSameRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.config.CheckpointMetric;
import io.bigtransfer.streams.s3.S3Uri;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLocationsTest {
    @RegisterExtension
    static final EmbeddedS3 s3 = new EmbeddedS3();

    @TempDir
    Path base;

    @Test
    void loadsALocalFileOrDirectoryRelativeToTheBaseOrAsAFileUri() {
        LocalCheckpointStore store = new LocalCheckpointStore(base.resolve("run"), 3);
        CheckpointRecord first = SampleRecords.atStep(1);
        store.save(first);
        CheckpointRecord second = SampleRecords.atStep(2);
        String file = store.save(second);

        assertSameRecord(second, CheckpointLocations.load("run", base, s3.settings));
        assertSameRecord(first, CheckpointLocations.load("run/ckpt-000000001.bitckpt", base, s3.settings));
        assertSameRecord(second, CheckpointLocations.load(Path.of(file).toUri().toString(), base, s3.settings));
    }

    @Test
    void loadsAnS3ObjectOrThePrefixLatest() {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, S3Uri.parse("s3://runs/loc"),
                3, Optional.empty());
        CheckpointRecord first = SampleRecords.atStep(3);
        String object = store.save(first);
        CheckpointRecord second = SampleRecords.atStep(4);
        store.save(second);

        assertSameRecord(second, CheckpointLocations.load("s3://runs/loc", base, s3.settings));
        assertSameRecord(second, CheckpointLocations.load("s3://runs/loc/", base, s3.settings));
        assertSameRecord(first, CheckpointLocations.load(object, base, s3.settings));
    }

    @Test
    void opensALocalStoreOrAnS3StoreThatOwnsItsConnection() {
        try (OpenedCheckpointStore local = CheckpointLocations.open("checkpoints", base, 2, Optional.empty(), s3.settings)) {
            assertInstanceOf(LocalCheckpointStore.class, local.store());
            assertEquals(base.resolve("checkpoints").toString(), local.store().location());
        }
        String saved;
        try (OpenedCheckpointStore remote = CheckpointLocations.open("s3://runs/opened", base, 2,
                Optional.of(CheckpointMetric.TOP1), s3.settings)) {
            assertEquals("s3://runs/opened/", remote.store().location());
            saved = remote.store().save(SampleRecords.evaluated(9, 0.5, 1.0));
            assertEquals(Optional.of(saved), remote.store().bestLocation());
        }
        assertEquals("s3://runs/opened/ckpt-000000009.bitckpt", saved);
        assertEquals(9, CheckpointLocations.load("s3://runs/opened", base, s3.settings).step());
    }

    @Test
    void refusesAMissingBucketOrAMalformedUriInOneSentence() {
        assertOneSentenceNaming(assertThrows(CheckpointException.class, () -> CheckpointLocations.open(
                "s3://no-such-bucket/run", base, 1, Optional.empty(), s3.settings)),
                "Cannot keep checkpoints in s3://no-such-bucket/run/: The bucket no-such-bucket");
        assertOneSentenceNaming(assertThrows(CheckpointException.class,
                () -> CheckpointLocations.load("s3:///run", base, s3.settings)), "'s3:///run' names no bucket");
        assertOneSentenceNaming(assertThrows(CheckpointException.class,
                () -> CheckpointLocations.load("missing-run", base, s3.settings)), base.resolve("missing-run").toString());
    }
}
