package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.internal.BilinearCrop;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/** Running sources to completion and comparing batches, for the stream tests. */
final class StreamTestSupport {
    private StreamTestSupport() {
    }

    static List<MicroBatch> collect(Source<MicroBatch, ?> source, ActorSystem<?> system) throws Exception {
        return source.runWith(Sink.seq(), system).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    static ImagePipeline pipeline(Transform transform, Executor executor, SkippedInputs skipped) {
        return new ImagePipeline(transform, Normalization.IMAGENET, ImageDecoder.imageIo(), 3, executor, skipped);
    }

    /** Renders a grey image with BiT normalization and maps channel 0 back to 0..255, row by row. */
    static float[] renderGrey(RgbImage image, CropPlan plan) {
        float[] out = new float[plan.height() * plan.width() * 3];
        BilinearCrop.render(image, plan, Normalization.BIT, out, 0);
        float[] values = new float[plan.height() * plan.width()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (out[i * 3] * 0.5f + 0.5f) * 255f;
        }
        return values;
    }

    static void assertSameRows(MicroBatch expected, MicroBatch actual) {
        assertEquals(expected.count(), actual.count());
        assertArrayEquals(expected.sampleIndices(), actual.sampleIndices());
        assertArrayEquals(expected.labels(), actual.labels());
        assertArrayEquals(expected.softTargets(), actual.softTargets());
        assertArrayEquals(expected.pixels(), actual.pixels());
        assertEquals(expected.skipped(), actual.skipped());
    }

    /** Row {@code row} of {@code batch} as the pure pieces compute it: decode, plan, render. */
    static void assertRowIsRendered(Dataset dataset, long seed, MicroBatch batch, int row, Transform transform)
            throws Exception {
        int index = (int) batch.sampleIndices()[row];
        RgbImage image = ImageDecoder.imageIo().decode(dataset.read(index));
        // Callers pass batches whose earlier rows were not skipped, so row r sits at position + r
        // (evaluation positions stay below the data set size: epoch 0).
        long epoch = (batch.position() + row) / dataset.size();
        CropPlan plan = transform.plan(image.height(), image.width(), SampleRandom.of(seed, epoch, index, RandomPurpose.AUGMENT));
        int rowSize = batch.height() * batch.width() * 3;
        float[] expected = new float[rowSize];
        BilinearCrop.render(image, plan, Normalization.IMAGENET, expected, 0);
        float[] actual = new float[rowSize];
        System.arraycopy(batch.pixels(), row * rowSize, actual, 0, rowSize);
        assertArrayEquals(expected, actual);
    }
}
