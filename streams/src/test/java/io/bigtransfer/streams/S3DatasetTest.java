package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.streams.s3.EmbeddedS3Store;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3TestSupport;
import io.bigtransfer.streams.s3.S3Uri;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3DatasetTest {
    @TempDir
    static Path folder;
    private static Path images;
    private static EmbeddedS3Store store;
    private static S3Storage storage;
    private static ActorTestKit testKit;
    private static ExecutorService decodeThreads;

    @BeforeAll
    static void start() {
        images = TestImages.folder(folder.resolve("images"), 3, 4);
        TestImages.write(images.resolve("loose.png"), new byte[] {1});
        TestImages.write(images.resolve(".hidden/x.png"), new byte[] {1});
        TestImages.write(images.resolve("c0/.DS_Store"), new byte[] {1});
        TestImages.write(images.resolve("c1/nested/deep.png"), new byte[] {1});
        store = EmbeddedS3Store.start(folder.resolve("s3"));
        store.importFolder(images, S3Uri.parse("s3://data/images"));
        storage = S3Storage.open(S3TestSupport.settings(store));
        testKit = ActorTestKit.create();
        decodeThreads = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() {
        if (decodeThreads != null) {
            decodeThreads.shutdownNow();
            testKit.shutdownTestKit();
        }
        if (storage != null) {
            storage.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void listsLikeTheFolderAndReadsTheSameBytes() throws Exception {
        FolderDataset local = FolderDataset.open(images);
        S3Dataset remote = S3Dataset.open(storage, S3Uri.parse("s3://data/images"));

        assertEquals(local.classNames(), remote.classNames());
        assertEquals(local.size(), remote.size());
        for (int i = 0; i < local.size(); i++) {
            assertEquals(local.label(i), remote.label(i));
            assertEquals("s3://data/images/" + images.relativize(local.sample(i).path()), remote.location(i));
        }
        // Read from several threads at once, as decode threads do.
        List<Callable<byte[]>> reads = IntStream.range(0, remote.size())
                .mapToObj(i -> (Callable<byte[]>) () -> remote.read(i)).toList();
        List<Future<byte[]>> read = decodeThreads.invokeAll(reads);
        for (int i = 0; i < local.size(); i++) {
            assertArrayEquals(local.read(i), read.get(i).get());
        }
    }

    @Test
    void theDecodePipelineGivesTheSameBatchesAsFromTheFolder() throws Exception {
        FolderDataset local = FolderDataset.open(images);
        S3Dataset remote = S3Dataset.open(storage, S3Uri.parse("s3://data/images/"));
        Transform eval = new DownstreamEval(8);

        List<MicroBatch> expected = StreamTestSupport.collect(EvalBatches.source(local, 5,
                StreamTestSupport.pipeline(eval, decodeThreads, new SkippedInputs())), testKit.system());
        List<MicroBatch> actual = StreamTestSupport.collect(EvalBatches.source(remote, 5,
                StreamTestSupport.pipeline(eval, decodeThreads, new SkippedInputs())), testKit.system());

        assertEquals(expected.size(), actual.size());
        for (int b = 0; b < expected.size(); b++) {
            StreamTestSupport.assertSameRows(expected.get(b), actual.get(b));
        }
    }

    @Test
    void aMissingBucketFailsAtOpeningInOneSentence() {
        DataException e = assertThrows(DataException.class,
                () -> S3Dataset.open(storage, S3Uri.parse("s3://no-such-bucket/images")));
        assertEquals("The bucket no-such-bucket of s3://no-such-bucket/images does not exist.", e.getMessage());
    }

    @Test
    void aMissingPrefixFailsAtOpeningInOneSentence() {
        DataException e = assertThrows(DataException.class, () -> S3Dataset.open(storage, S3Uri.parse("s3://data/imagez")));
        assertEquals("The data location s3://data/imagez holds no objects.", e.getMessage());
    }
}
