package io.bigtransfer.checkpoints;

import static io.bigtransfer.checkpoints.CheckpointFormatTest.assertBitExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.checkpoints.internal.S3Folder;
import io.bigtransfer.config.CheckpointMetric;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import io.bigtransfer.streams.s3.StoredObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3 server (S3Proxy in this JVM). */
class S3CheckpointStoreTest {
    @RegisterExtension
    static final EmbeddedS3 s3 = new EmbeddedS3();

    @TempDir
    Path scratch;

    @Test
    void savesTheSameBytesAsAFileUnderTheLocalNamesAndPointsLatestAtIt() throws IOException {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://runs/plain"), 3, Optional.empty());
        CheckpointRecord record = SampleRecords.atStep(42);

        String saved = store.save(record);

        assertEquals("s3://runs/plain/ckpt-000000042.bitckpt", saved);
        assertEquals("ckpt-000000042.bitckpt\n", text("s3://runs/plain/latest"));
        assertEquals(Optional.of(saved), store.latestLocation());
        assertEquals("s3://runs/plain/", store.location());
        Path local = scratch.resolve("local.bitckpt");
        CheckpointFormat.write(record, local);
        assertArrayEquals(Files.readAllBytes(local), s3.storage.get(uri(saved)));
        assertSameRecord(record, store.loadLatest().orElseThrow());
    }

    @Test
    void aCheckpointLargerThanOnePartIsUploadedInPartsAndReadBackBitExact() throws IOException {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://runs/large/"), 1, Optional.empty());
        // 2 x 2.5M floats: 20 MB, four parts up and two ranged GETs down.
        CheckpointRecord record = SampleRecords.large(7, 2_500_000);

        String saved = store.save(record);

        assertTrue(s3.storage.size(uri(saved)).getAsLong() > 3L * S3Storage.PART_SIZE);
        assertSameRecord(record, S3CheckpointStore.load(s3.storage, uri("s3://runs/large")));
    }

    @Test
    void anEmptyPrefixHasNoLatest() {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://runs/never-written/"), 2, Optional.empty());
        assertEquals(Optional.empty(), store.loadLatest());
        assertEquals(Optional.empty(), store.latestLocation());
        assertEquals(Optional.empty(), store.bestLocation());
    }

    @Test
    void latestMovesOnlyAfterTheCheckpointUploadCompleted() throws IOException {
        InterruptedUploads uploads = new InterruptedUploads(new S3Folder(s3.storage, uri("s3://runs/broken")),
                s3.storage, scratch);
        S3CheckpointStore store = new S3CheckpointStore(uploads, 5, Optional.empty());
        CheckpointRecord first = SampleRecords.atStep(10);
        store.save(first);
        assertEquals(List.of("ckpt-000000010.bitckpt", "latest"), uploads.writes, "the pointer after the upload");

        uploads.failNextCheckpoint = true;
        CheckpointException failed = assertThrows(CheckpointException.class, () -> store.save(SampleRecords.atStep(20)));

        assertOneSentenceNaming(failed, "s3://runs/broken/ckpt-000000020.bitckpt");
        assertEquals(List.of("ckpt-000000010.bitckpt", "latest"), uploads.writes, "no pointer after a failed upload");
        assertEquals("ckpt-000000010.bitckpt\n", text("s3://runs/broken/latest"));
        assertSameRecord(first, store.loadLatest().orElseThrow());
        assertSameRecord(first, S3CheckpointStore.load(s3.storage, uri("s3://runs/broken/")));
        CheckpointException partial = assertThrows(CheckpointException.class,
                () -> S3CheckpointStore.load(s3.storage, uri("s3://runs/broken/ckpt-000000020.bitckpt")));
        assertOneSentenceNaming(partial, "s3://runs/broken/ckpt-000000020.bitckpt is truncated");

        store.save(SampleRecords.atStep(30));
        assertEquals(30, store.loadLatest().orElseThrow().step());
    }

    @Test
    void retentionKeepsTheLastTwoAndTheBestNamedByTheBestPointer() throws IOException {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://runs/kept/"), 2,
                Optional.of(CheckpointMetric.TOP1));
        // Neighbours the store must leave alone: a deeper key and a prefix that shares the name's start.
        s3.storage.put(uri("s3://runs/kept/metrics/ckpt-000000001.bitckpt"), new byte[] {1});
        s3.storage.put(uri("s3://runs/kept-too/ckpt-000000001.bitckpt"), new byte[] {1});
        double[] top1 = {0.5, 0.7, 0.6, 0.65, 0.55};
        for (int i = 0; i < top1.length; i++) {
            store.save(SampleRecords.evaluated(i + 1, top1[i], 1.0));
        }

        assertEquals(List.of("s3://runs/kept/best", "s3://runs/kept/ckpt-000000002.bitckpt",
                "s3://runs/kept/ckpt-000000004.bitckpt", "s3://runs/kept/ckpt-000000005.bitckpt",
                "s3://runs/kept/latest", "s3://runs/kept/metrics/ckpt-000000001.bitckpt"), keys("s3://runs/kept/"));
        assertTrue(s3.storage.exists(uri("s3://runs/kept-too/ckpt-000000001.bitckpt")));
        assertEquals("ckpt-000000002.bitckpt top1 0.7\n", text("s3://runs/kept/best"));
        assertEquals(Optional.of("s3://runs/kept/ckpt-000000002.bitckpt"), store.bestLocation());
        assertEquals(Optional.of("s3://runs/kept/ckpt-000000005.bitckpt"), store.latestLocation());
    }

    @Test
    void withoutALatestPointerTheHighestStepIsLatest() throws IOException {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://runs/no-pointer/"), 5, Optional.empty());
        store.save(SampleRecords.atStep(7));
        store.save(SampleRecords.atStep(1000));
        store.save(SampleRecords.atStep(99));
        s3.storage.delete(uri("s3://runs/no-pointer/latest"));

        assertEquals(1000, store.loadLatest().orElseThrow().step());
    }

    @Test
    void aCorruptObjectIsRefusedInOneSentenceNamingItsUri() throws IOException {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://runs/damaged"), 3, Optional.empty());
        S3Uri object = uri(store.save(SampleRecords.atStep(5)));
        byte[] bytes = s3.storage.get(object);
        byte[] flipped = bytes.clone();
        flipped[flipped.length / 2] ^= 0x10;
        s3.storage.put(object, flipped);

        CheckpointException corrupt = assertThrows(CheckpointException.class, store::loadLatest);
        assertOneSentenceNaming(corrupt, object + " is corrupt");

        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).putInt(8, 7);
        s3.storage.put(object, future);
        CheckpointException newer = assertThrows(CheckpointException.class,
                () -> S3CheckpointStore.load(s3.storage, object));
        assertOneSentenceNaming(newer, object + " was written by format version 7");

        s3.storage.put(object, new byte[0]);
        assertOneSentenceNaming(assertThrows(CheckpointException.class, store::loadLatest), object + " is empty");
    }

    @Test
    void aMissingObjectOrAnEmptyPrefixIsNamed() {
        S3Uri missing = uri("s3://runs/nothing/ckpt-000000001.bitckpt");
        assertOneSentenceNaming(assertThrows(CheckpointException.class, () -> S3CheckpointStore.load(s3.storage, missing)),
                missing + " does not exist");
        assertOneSentenceNaming(assertThrows(CheckpointException.class,
                () -> S3CheckpointStore.load(s3.storage, uri("s3://runs/nothing/"))), "s3://runs/nothing/ holds no checkpoint");
        assertOneSentenceNaming(assertThrows(CheckpointException.class,
                () -> S3CheckpointStore.load(s3.storage, uri("s3://runs/nothing"))),
                "no checkpoint object s3://runs/nothing and no checkpoint under s3://runs/nothing/");
    }

    @Test
    void aLatestPointerNamingSomethingElseIsRefused() throws IOException {
        s3.storage.put(uri("s3://runs/hostile/latest"), "../other-run/ckpt-000000001.bitckpt\n".getBytes(StandardCharsets.UTF_8));

        CheckpointException refusal = assertThrows(CheckpointException.class,
                () -> new S3CheckpointStore(s3.storage, uri("s3://runs/hostile/"), 1, Optional.empty()).loadLatest());
        assertOneSentenceNaming(refusal, "s3://runs/hostile/latest does not name a checkpoint file");
    }

    @Test
    void savingIntoAMissingBucketFailsInOneSentence() {
        S3CheckpointStore store = new S3CheckpointStore(s3.storage, uri("s3://no-such-bucket/run/"), 1, Optional.empty());
        CheckpointException failed = assertThrows(CheckpointException.class, () -> store.save(SampleRecords.atStep(1)));
        assertOneSentenceNaming(failed, "s3://no-such-bucket/run/ckpt-000000001.bitckpt");
        assertEquals(Optional.empty(), store.latestLocation());
    }

    static void assertSameRecord(CheckpointRecord expected, CheckpointRecord actual) {
        assertEquals(expected.model(), actual.model());
        assertEquals(expected.classNames(), actual.classNames());
        assertEquals(expected.normalization(), actual.normalization());
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.cursor(), actual.cursor());
        assertEquals(expected.resolvedConfig(), actual.resolvedConfig());
        assertEquals(expected.metrics(), actual.metrics());
        assertBitExact(expected.parameters(), actual.parameters());
        assertBitExact(expected.momentum(), actual.momentum());
    }

    static void assertOneSentenceNaming(CheckpointException e, String words) {
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static String text(String location) throws IOException {
        return new String(s3.storage.get(uri(location)), StandardCharsets.UTF_8);
    }

    private static List<String> keys(String prefix) throws IOException {
        return s3.storage.list(uri(prefix)).stream().map(StoredObject::uri).map(S3Uri::toString).sorted().toList();
    }

    private static S3Uri uri(String location) {
        return S3Uri.parse(location);
    }
}
