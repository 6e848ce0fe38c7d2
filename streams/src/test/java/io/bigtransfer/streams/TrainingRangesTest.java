package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.assertSameRows;
import static io.bigtransfer.streams.StreamTestSupport.collect;
import static io.bigtransfer.streams.StreamTestSupport.concat;
import static io.bigtransfer.streams.StreamTestSupport.pipeline;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRangesTest {
    private static final long SEED = 23;
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

    private static List<MicroBatch> stream(int batch, int worker, int workers, double alpha, int steps) throws Exception {
        TrainingStreamSpec spec = new TrainingStreamSpec(SEED, batch, worker, workers, 0,
                pipeline(TRAIN, executor, new SkippedInputs()), alpha);
        return collect(TrainingSlices.source(dataset, spec).take(steps), testKit.system());
    }

    private static MicroBatch range(TrainingRanges ranges, long step, int from, int to) throws Exception {
        List<MicroBatch> batches = collect(ranges.range(step, from, to), testKit.system());
        assertEquals(1, batches.size());
        return batches.get(0);
    }

    @Test
    void aRangeHoldsTheRowsOfTheWorkerSliceThatCoversIt() throws Exception {
        TrainingRanges ranges = new TrainingRanges(dataset, SEED, 6, pipeline(TRAIN, executor, new SkippedInputs()), 0);
        List<MicroBatch> halves = stream(6, 1, 2, 0, 5);
        for (int t = 0; t < 5; t++) {
            // Steps 2 to 4 cross the 15-image epoch boundary.
            MicroBatch second = range(ranges, t, 3, 6);
            assertEquals(t, second.step());
            assertEquals(6L * t + 3, second.position());
            assertSameRows(halves.get(t), second);
        }
    }

    @Test
    void unevenRangesTogetherAreTheWholeBatch() throws Exception {
        TrainingRanges ranges = new TrainingRanges(dataset, SEED, 7, pipeline(TRAIN, executor, new SkippedInputs()), 0);
        List<MicroBatch> whole = stream(7, 0, 1, 0, 3);
        for (int t = 0; t < 3; t++) {
            MicroBatch joined = concat(concat(range(ranges, t, 0, 2), range(ranges, t, 2, 4)), range(ranges, t, 4, 7));
            assertSameRows(whole.get(t), joined);
        }
    }

    @Test
    void underMixupARangeMixesThePairsTheStreamMixes() throws Exception {
        TrainingRanges ranges = new TrainingRanges(dataset, SEED, 8, pipeline(TRAIN, executor, new SkippedInputs()), 0.4);
        List<MicroBatch> whole = stream(8, 0, 1, 0.4, 2);
        for (int t = 0; t < 2; t++) {
            MicroBatch joined = concat(range(ranges, t, 0, 2), range(ranges, t, 2, 8));
            assertSameRows(whole.get(t), joined);
            assertArrayEquals(whole.get(t).softTargets(), joined.softTargets());
        }
    }

    @Test
    void refusesRangesOutsideTheBatchAndOddRangesUnderMixup() {
        TrainingRanges plain = new TrainingRanges(dataset, SEED, 6, pipeline(TRAIN, executor, new SkippedInputs()), 0);
        assertEquals("Rows [4, 7) of step 0 are not a non-empty range of a global batch of 6.",
                assertThrows(IllegalArgumentException.class, () -> plain.range(0, 4, 7)).getMessage());
        TrainingRanges mixed = new TrainingRanges(dataset, SEED, 6, pipeline(TRAIN, executor, new SkippedInputs()), 0.4);
        assertEquals("Under mixup a range must start and end on an even row, not [1, 4).",
                assertThrows(IllegalArgumentException.class, () -> mixed.range(0, 1, 4)).getMessage());
    }
}
