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
import io.bigtransfer.streams.TrainingSlices;
import io.bigtransfer.streams.TrainingStreamSpec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A worker's slice source decodes only a bounded number of slices ahead of the worker. */
class StreamSliceSourceTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final int SLICE = 4;
    private static final int PARALLELISM = 2;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    /** A data set of one real PNG, repeated, that counts how often a sample is read. */
    private static final class CountingDataset implements Dataset {
        private final byte[] png;
        private final AtomicInteger reads = new AtomicInteger();

        CountingDataset() throws IOException {
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
            return 1000;
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public byte[] read(int index) {
            reads.incrementAndGet();
            return png;
        }

        @Override
        public String location(int index) {
            return "sample-" + index;
        }
    }

    @Test
    void decodesAtMostTheStreamsPrefetchAheadOfTheWorker() throws Exception {
        CountingDataset dataset = new CountingDataset();
        ExecutorService decode = Executors.newFixedThreadPool(PARALLELISM);
        ImagePipeline pipeline = new ImagePipeline(new DownstreamTrain(8), Normalization.IMAGENET, ImageDecoder.imageIo(),
                PARALLELISM, decode, new SkippedInputs());
        StreamSliceSource slices = new StreamSliceSource(
                TrainingSlices.source(dataset, new TrainingStreamSpec(1, SLICE, 0, 1, 0, pipeline)), testKit.system());
        MicroBatch first = slices.next().toCompletableFuture().get();
        assertEquals(0, first.step());
        Thread.sleep(Duration.ofSeconds(1).toMillis());
        // Handed out 1, two finished ahead, one being filled, one in the queue's buffer, plus in flight.
        int bound = 5 * SLICE + PARALLELISM;
        assertTrue(dataset.reads.get() <= bound, dataset.reads.get() + " samples read, more than " + bound);
        assertEquals(1, slices.next().toCompletableFuture().get().step());
        slices.close();
        decode.shutdown();
    }
}
