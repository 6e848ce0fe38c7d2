package io.bigtransfer.actors.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.DownstreamTrain;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.TrainingRanges;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A worker's slice source decodes the same rows of the next steps ahead, and no more. */
class PrefetchingSliceSourceTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final int BATCH = 8;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** A data set of one real PNG, repeated, that records which samples were read. */
    private static final class RecordingDataset implements Dataset {
        private final byte[] png;
        private final Set<Integer> read = ConcurrentHashMap.newKeySet();

        RecordingDataset() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB), "png", bytes);
            png = bytes.toByteArray();
        }

        @Override
        public List<String> classNames() {
            return List.of("a", "b");
        }

        @Override
        public int size() {
            return 100_000;
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public byte[] read(int index) {
            read.add(index);
            return png;
        }

        @Override
        public String location(int index) {
            return "sample-" + index;
        }
    }

    @Test
    void decodesTheSameRowsOfTheNextStepsAheadAndFollowsRowsThatMoved() throws Exception {
        RecordingDataset dataset = new RecordingDataset();
        ExecutorService decode = Executors.newFixedThreadPool(2);
        ImagePipeline pipeline = new ImagePipeline(new DownstreamTrain(8), Normalization.IMAGENET, ImageDecoder.imageIo(),
                2, decode, new SkippedInputs());
        TrainingRanges ranges = new TrainingRanges(dataset, 1, BATCH, pipeline, 0);
        try (PrefetchingSliceSource slices = new PrefetchingSliceSource(ranges, testKit.system(), 2)) {
            MicroBatch first = slices.slice(0, 2, 6).toCompletableFuture().get();
            assertEquals(List.of(0L, 2L, 4), List.of(first.step(), first.position(), first.count()));
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            // Rows [2, 6) of steps 0, 1 and 2: what was asked for and two steps ahead, nothing more.
            assertEquals(12, dataset.read.size(), "samples read: " + dataset.read.size());

            // The workers changed: the rows moved, and the source follows them.
            MicroBatch moved = slices.slice(1, 0, 4).toCompletableFuture().get();
            assertEquals(List.of(1L, 8L, 4), List.of(moved.step(), moved.position(), moved.count()));
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            assertTrue(dataset.read.size() <= 12 + 4 + 2 * 4, "samples read: " + dataset.read.size());
        } finally {
            decode.shutdown();
        }
    }
}
