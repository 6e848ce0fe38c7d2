package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.assertSameRows;
import static io.bigtransfer.streams.StreamTestSupport.collect;
import static io.bigtransfer.streams.StreamTestSupport.concat;
import static io.bigtransfer.streams.StreamTestSupport.pipeline;
import static io.bigtransfer.streams.StreamTestSupport.rendered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MixupStreamTest {
    private static final long SEED = 23;
    private static final double ALPHA = 0.4;
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

    private static TrainingStreamSpec spec(int batch, int worker, int workers, double alpha) {
        return new TrainingStreamSpec(SEED, batch, worker, workers, 0, pipeline(TRAIN, executor, new SkippedInputs()),
                alpha);
    }

    private static List<MicroBatch> run(int batch, int worker, int workers, int steps) throws Exception {
        return collect(TrainingSlices.source(dataset, spec(batch, worker, workers, ALPHA)).take(steps),
                testKit.system());
    }

    @Test
    void rowsAreTheirPairsRenderedSamplesMixedWithTheStepsLambda() throws Exception {
        List<MicroBatch> batches = run(4, 0, 1, 6);
        int mixedTargets = 0;
        for (MicroBatch batch : batches) {
            double l = Mixup.lambda(SEED, batch.step(), ALPHA);
            for (int row = 0; row < 4; row++) {
                int partner = row ^ 1;
                float[] own = rendered(dataset, SEED, batch, row, TRAIN);
                float[] other = rendered(dataset, SEED, batch, partner, TRAIN);
                float[] expected = new float[own.length];
                for (int i = 0; i < own.length; i++) {
                    expected[i] = (float) (l * own[i] + (1 - l) * other[i]);
                }
                int rowSize = own.length;
                assertArrayEquals(expected, Arrays.copyOfRange(batch.pixels(), row * rowSize, (row + 1) * rowSize),
                        1e-5f);
                float[] target = new float[3];
                target[batch.labels()[row]] += (float) l;
                target[batch.labels()[partner]] += (float) (1 - l);
                assertArrayEquals(target, Arrays.copyOfRange(batch.softTargets(), row * 3, row * 3 + 3), 1e-6f);
                if (batch.labels()[row] != batch.labels()[partner]) {
                    mixedTargets++;
                }
            }
        }
        assertTrue(mixedTargets > 0, "no pair of different classes met: the test shows nothing");
    }

    @Test
    void twoWorkersMixExactlyTheRowsOneWorkerDoes() throws Exception {
        List<MicroBatch> whole = run(4, 0, 1, 5);
        List<MicroBatch> first = run(4, 0, 2, 5);
        List<MicroBatch> second = run(4, 1, 2, 5);
        for (int t = 0; t < 5; t++) {
            assertSameRows(whole.get(t), concat(first.get(t), second.get(t)));
        }
    }

    @Test
    void refusesMixupWhenTheSlicesAreOdd() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec(6, 0, 2, ALPHA));
        assertEquals("Mixup pairs positions 2j and 2j+1 inside each worker's slice, but a global batch of 6 split "
                + "between 2 workers gives slices of 3.", e.getMessage());
        assertEquals(0, spec(6, 0, 2, 0).mixupAlpha());
        assertThrows(IllegalArgumentException.class, () -> spec(4, 0, 1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> spec(4, 0, 1, Double.NaN));
        // The six-argument form is the one without mixup, so odd slices are fine there.
        ImagePipeline pipeline = pipeline(TRAIN, executor, new SkippedInputs());
        assertEquals(new TrainingStreamSpec(SEED, 3, 0, 1, 0, pipeline, 0),
                new TrainingStreamSpec(SEED, 3, 0, 1, 0, pipeline));
    }
}
