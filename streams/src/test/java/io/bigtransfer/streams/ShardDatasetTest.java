package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.streams.s3.EmbeddedS3Store;
import io.bigtransfer.streams.s3.FaultyProxy;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3TestSupport;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardDatasetTest {
    @TempDir
    static Path folder;
    private static FolderDataset source;
    private static EmbeddedS3Store store;
    private static S3Storage storage;

    @BeforeAll
    static void start() {
        Path images = TestImages.folder(folder.resolve("images"), 3, 4);
        // Bad inputs are packed as they are, so indices never shift.
        TestImages.write(images.resolve("c1/zz-bad.jpg"), new byte[] {1, 2, 3});
        TestImages.write(images.resolve("c2/empty.png"), new byte[0]);
        source = FolderDataset.open(images);
        store = EmbeddedS3Store.start(folder.resolve("s3"));
        store.createBucket("data");
        storage = S3Storage.open(S3TestSupport.settings(store));
    }

    @AfterAll
    static void stop() {
        if (storage != null) {
            storage.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aLocalShardSetReadsBackAsTheSourceSampleForSample(@TempDir Path out) throws Exception {
        assertEquals(3, ShardWriter.toFolder(out).write(source, 5));

        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("classes.txt", "shard-000000.idx", "shard-000000.tar", "shard-000001.idx",
                    "shard-000001.tar", "shard-000002.idx", "shard-000002.tar"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("c0\nc1\nc2\n", Files.readString(out.resolve("classes.txt")));
        Dataset shards = DataSources.open(out);
        assertInstanceOf(ShardDataset.class, shards);
        assertSameSamples(source, shards);
        assertEquals(out.resolve("shard-000001.tar") + "#000000007.jpg", shards.location(7));
    }

    @Test
    void theShardsAreTarArchivesInTheWebDatasetLayout(@TempDir Path out) throws Exception {
        ShardWriter.toFolder(out).write(source, 5);

        List<String> members = run(out, "tar", "-tf", "shard-000000.tar");
        assertEquals(List.of("000000000.png", "000000000.cls", "000000001.jpg", "000000001.cls", "000000002.png",
                "000000002.cls", "000000003.jpg", "000000003.cls", "000000004.png", "000000004.cls"), members);
        Path extracted = Files.createDirectories(out.resolve("x"));
        run(extracted, "tar", "-xf", out.resolve("shard-000001.tar").toString());
        assertArrayEquals(source.read(7), Files.readAllBytes(extracted.resolve("000000007.jpg")));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(extracted.resolve("000000008.bin")));
        assertArrayEquals(new byte[0], Files.readAllBytes(extracted.resolve("000000009.bin")));
        assertEquals("2", Files.readString(extracted.resolve("000000009.cls")));
        assertEquals("bit-shard-index 1", Files.readAllLines(out.resolve("shard-000000.idx")).get(0));
    }

    @Test
    void anS3ShardSetIsWrittenStraightToS3AndReadWithRangedGets() throws Exception {
        S3Uri prefix = S3Uri.parse("s3://data/shards");
        assertEquals(4, ShardWriter.toS3(storage, prefix).write(source, 4));

        assertInstanceOf(ShardDataset.class, DataSources.open(storage, prefix));
        try (FaultyProxy recorder = new FaultyProxy(store.endpoint(), 0, (request, earlier) -> FaultyProxy.Fault.NONE);
             S3Storage recorded = S3Storage.open(S3TestSupport.throughProxy(store, recorder, Duration.ofSeconds(10), 3))) {
            ShardDataset shards = ShardDataset.open(recorded, prefix);
            assertSameSamples(source, shards);
            assertEquals("s3://data/shards/shard-000001.tar#000000005.jpg", shards.location(5));
            long rangedTarReads = recorder.requests().stream()
                    .filter(r -> r.startsWith("GET /data/shards/shard-") && r.contains(".tar bytes=")).count();
            // One ranged read per sample, but none for the zero-byte one.
            assertEquals(source.size() - 1, rangedTarReads);
        }
    }

    @Test
    void aShardSetIsNeverWrittenOverAnother(@TempDir Path out) throws IOException {
        ShardWriter.toFolder(out).write(source, 100);
        DataException e = assertThrows(DataException.class, () -> ShardWriter.toFolder(out));
        assertEquals("The output " + out + " already holds shard files (classes.txt); choose an empty folder or prefix.",
                e.getMessage());
    }

    @Test
    void aMissingBucketFailsAtOnceInOneSentence() {
        S3Uri missing = S3Uri.parse("s3://no-such-bucket/shards");
        String expected = "The bucket no-such-bucket of s3://no-such-bucket/shards does not exist.";
        assertEquals(expected, assertThrows(DataException.class, () -> ShardWriter.toS3(storage, missing)).getMessage());
        assertEquals(expected, assertThrows(DataException.class, () -> ShardDataset.open(storage, missing)).getMessage());
    }

    @Test
    void anIncompleteShardSetIsRefusedNamingWhatIsMissing(@TempDir Path out) throws IOException {
        ShardWriter.toFolder(out).write(source, 5);
        Files.delete(out.resolve("shard-000001.idx"));
        DataException noIndex = assertThrows(DataException.class, () -> ShardDataset.open(out));
        assertEquals("The shard " + out.resolve("shard-000001.tar") + " has no index shard-000001.idx.",
                noIndex.getMessage());

        Files.delete(out.resolve("classes.txt"));
        DataException noClasses = assertThrows(DataException.class, () -> ShardDataset.open(out));
        assertTrue(noClasses.getMessage().contains("has no classes.txt"), noClasses.getMessage());
    }

    private static void assertSameSamples(Dataset expected, Dataset actual) throws IOException {
        assertEquals(expected.classNames(), actual.classNames());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.label(i), actual.label(i));
            assertArrayEquals(expected.read(i), actual.read(i), "sample " + i);
        }
    }

    private static List<String> run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>(List.of(new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).split("\n")));
        assertEquals(0, process.waitFor(), String.join("\n", lines));
        lines.removeIf(String::isEmpty);
        return lines;
    }
}
