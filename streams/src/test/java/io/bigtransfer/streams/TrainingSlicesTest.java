package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.assertRowIsRendered;
import static io.bigtransfer.streams.StreamTestSupport.assertSameRows;
import static io.bigtransfer.streams.StreamTestSupport.collect;
import static io.bigtransfer.streams.StreamTestSupport.concat;
import static io.bigtransfer.streams.StreamTestSupport.pipeline;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.internal.DecodeFlow;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSlicesTest {
    private static final long SEED = 17;
    private static final Transform TRAIN = new DownstreamTrain(8);

    @TempDir
    static Path root;
    private static ActorTestKit testKit;
    private static ExecutorService executor;
    private static FolderDataset dataset;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create();
        executor = Executors.newFixedThreadPool(3);
        dataset = FolderDataset.open(TestImages.folder(root, 3, 5));
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
        testKit.shutdownTestKit();
    }

    private static List<MicroBatch> run(int batch, int worker, int workers, long start, int steps) throws Exception {
        TrainingStreamSpec spec = new TrainingStreamSpec(SEED, batch, worker, workers, start,
                pipeline(TRAIN, executor, new SkippedInputs()));
        return collect(TrainingSlices.source(dataset, spec).take(steps), testKit.system());
    }

    @Test
    void rowsFollowTheEpochOrderAcrossEpochBoundaries() throws Exception {
        List<MicroBatch> batches = run(4, 0, 1, 0, 8);
        for (int t = 0; t < 8; t++) {
            MicroBatch batch = batches.get(t);
            assertEquals(t, batch.step());
            assertEquals(4L * t, batch.position());
            assertEquals(4L * t / 15, batch.epoch());
            assertEquals(4, batch.count());
            assertEquals(3, batch.classes());
            assertEquals(4 * 8 * 8 * 3, batch.pixels().length);
            for (int row = 0; row < 4; row++) {
                long position = 4L * t + row;
                int index = EpochOrder.permutation(SEED, position / 15, 15)[(int) (position % 15)];
                assertEquals(index, batch.sampleIndices()[row]);
                int label = dataset.label(index);
                assertEquals(label, batch.labels()[row]);
                float[] oneHot = new float[3];
                oneHot[label] = 1;
                assertArrayEquals(oneHot, Arrays.copyOfRange(batch.softTargets(), row * 3, row * 3 + 3));
                assertRowIsRendered(dataset, SEED, batch, row, TRAIN);
            }
        }
    }

    @Test
    void twoWorkersSlicesTogetherAreTheOneWorkerBatch() throws Exception {
        List<MicroBatch> whole = run(4, 0, 1, 0, 5);
        List<MicroBatch> first = run(4, 0, 2, 0, 5);
        List<MicroBatch> second = run(4, 1, 2, 0, 5);
        for (int t = 0; t < 5; t++) {
            assertEquals(4L * t, first.get(t).position());
            assertEquals(4L * t + 2, second.get(t).position());
            assertSameRows(whole.get(t), concat(first.get(t), second.get(t)));
        }
    }

    @Test
    void startingAtStepKGivesThatRunsBatchesFromK() throws Exception {
        List<MicroBatch> fromZero = run(4, 0, 1, 0, 6);
        List<MicroBatch> fromFour = run(4, 0, 1, 4, 2);
        for (int i = 0; i < 2; i++) {
            assertEquals(4 + i, fromFour.get(i).step());
            assertEquals(fromZero.get(4 + i).epoch(), fromFour.get(i).epoch());
            assertSameRows(fromZero.get(4 + i), fromFour.get(i));
        }
    }

    @Test
    void refusesABatchTheWorkersCannotShareEvenly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainingStreamSpec(SEED, 10, 0, 3, 0, pipeline(TRAIN, executor, new SkippedInputs())));
        assertEquals("The global batch of 10 cannot be split evenly between 3 workers.", e.getMessage());
    }

    @Test
    void decodesOnlyABoundedAmountAheadOfDemand() throws Exception {
        AtomicInteger decodes = new AtomicInteger();
        ImageDecoder counting = bytes -> {
            decodes.incrementAndGet();
            return ImageDecoder.imageIo().decode(bytes);
        };
        int slice = 3;
        int parallelism = 2;
        ImagePipeline pipeline = new ImagePipeline(TRAIN, Normalization.IMAGENET, counting, parallelism, executor,
                new SkippedInputs());
        TrainingStreamSpec spec = new TrainingStreamSpec(SEED, slice, 0, 1, 0, pipeline);
        SinkQueueWithCancel<MicroBatch> queue = TrainingSlices.source(dataset, spec)
                .runWith(Sink.<MicroBatch>queue().withAttributes(Attributes.inputBuffer(1, 1)), testKit.system());
        try {
            assertEquals(0, queue.pull().toCompletableFuture().get(30, TimeUnit.SECONDS).orElseThrow().step());
            Thread.sleep(500);
            int settled = decodes.get();
            Thread.sleep(500);
            // The source is endless: only backpressure stops it. Besides the one batch taken: the
            // sink's one-element buffer, the prefetched batches and the batches being decoded.
            assertEquals(settled, decodes.get());
            int batches = 1 + 1 + DecodeFlow.PREFETCH_BATCHES + DecodeFlow.BATCHES_DECODING;
            assertTrue(settled <= batches * slice, "decoded " + settled);
        } finally {
            queue.cancel();
        }
    }
}
