package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.Normalization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class BadInputsTest {
    @TempDir
    static Path root;
    private static ActorTestKit testKit;
    private static ExecutorService executor;
    private static FolderDataset dataset;
    /** File name of every bad sample -> the reason it must be skipped for. */
    private static final Map<String, SkipReason> BAD = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        testKit = ActorTestKit.create();
        executor = Executors.newFixedThreadPool(3);
        TestImages.folder(root, 1, 4);
        byte[] jpeg = TestImages.encode(TestImages.noise(30, 20, 5), "jpg");
        byte[] png = TestImages.encode(TestImages.noise(30, 20, 6), "png");
        bad("empty.png", new byte[0], SkipReason.EMPTY);
        bad("notes.jpg", "not an image".getBytes(StandardCharsets.US_ASCII), SkipReason.NOT_AN_IMAGE);
        bad("cut.jpg", TestImages.cut(jpeg, 0.7), SkipReason.TRUNCATED);
        bad("cut.png", TestImages.cut(png, 0.7), SkipReason.TRUNCATED);
        bad("huge.png", TestImages.pngHeader(10000, 10000), SkipReason.TOO_LARGE);
        bad("bomb.jpg", TestImages.jpegHeader(60000, 60000), SkipReason.TOO_LARGE);
        bad("no-data.jpg", TestImages.jpegHeader(10, 10), SkipReason.CORRUPT);
        bad("gone.png", png, SkipReason.UNREADABLE);
        dataset = FolderDataset.open(root);
        Files.delete(root.resolve("c1/gone.png"));
    }

    private static void bad(String name, byte[] bytes, SkipReason reason) {
        TestImages.write(root.resolve("c1").resolve(name), bytes);
        BAD.put(name, reason);
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        testKit.shutdownTestKit();
    }

    /** The checks before decoding serve every decoder. */
    static Stream<ImageDecoder> decoders() {
        return Stream.of(ImageDecoder.imageIo(), ImageDecoder.fastest());
    }

    @ParameterizedTest
    @MethodSource("decoders")
    void badFilesAreSkippedCountedOnceByReasonAndTheRunGoesOn(ImageDecoder decoder) throws Exception {
        SkippedInputs skipped = new SkippedInputs();
        int batch = 4;
        int steps = 9; // 36 positions: more than three epochs of 12 samples
        ImagePipeline pipeline = new ImagePipeline(new DownstreamTrain(8), Normalization.IMAGENET, decoder, 3, executor,
                skipped);
        TrainingStreamSpec spec = new TrainingStreamSpec(3, batch, 0, 1, 0, pipeline);

        List<MicroBatch> batches = collect(TrainingSlices.source(dataset, spec).take(steps), testKit.system());

        assertEquals(steps, batches.size());
        int rows = 0;
        for (MicroBatch b : batches) {
            assertEquals(batch, b.count() + b.skipped().size());
            for (long index : b.sampleIndices()) {
                assertTrue(!BAD.containsKey(dataset.sample((int) index).path().getFileName().toString()));
            }
            for (SkippedSample s : b.skipped()) {
                assertEquals(BAD.get(dataset.sample((int) s.sampleIndex()).path().getFileName().toString()), s.reason());
            }
            rows += b.count();
        }
        assertTrue(rows > 0);
        Map<SkipReason, Long> expected = new LinkedHashMap<>();
        expected.put(SkipReason.UNREADABLE, 1L);
        expected.put(SkipReason.EMPTY, 1L);
        expected.put(SkipReason.NOT_AN_IMAGE, 1L);
        expected.put(SkipReason.TRUNCATED, 2L);
        expected.put(SkipReason.TOO_LARGE, 2L);
        expected.put(SkipReason.CORRUPT, 1L);
        assertEquals(expected, skipped.snapshot());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(skipped.snapshot().keySet()));
        assertEquals("skipped 8 inputs: unreadable 1, empty 1, not-an-image 1, truncated 2, too-large 2, corrupt 1",
                skipped.summary());
    }
}
