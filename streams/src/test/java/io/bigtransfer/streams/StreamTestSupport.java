package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.internal.BilinearCrop;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
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
        int rowSize = batch.height() * batch.width() * 3;
        float[] actual = new float[rowSize];
        System.arraycopy(batch.pixels(), row * rowSize, actual, 0, rowSize);
        assertArrayEquals(rendered(dataset, seed, batch, row, transform), actual);
    }

    /** The unmixed pixels of row {@code row} of {@code batch}: decode, plan, render. */
    static float[] rendered(Dataset dataset, long seed, MicroBatch batch, int row, Transform transform)
            throws Exception {
        int index = (int) batch.sampleIndices()[row];
        RgbImage image = ImageDecoder.imageIo().decode(dataset.read(index));
        // Callers pass batches whose earlier rows were not skipped, so row r sits at position + r
        // (evaluation positions stay below the data set size: epoch 0).
        long epoch = (batch.position() + row) / dataset.size();
        CropPlan plan = transform.plan(image.height(), image.width(),
                SampleRandom.of(seed, epoch, index, RandomPurpose.AUGMENT));
        float[] pixels = new float[batch.height() * batch.width() * 3];
        BilinearCrop.render(image, plan, Normalization.IMAGENET, pixels, 0);
        return pixels;
    }

    /** Worker slices of one step joined, as one worker would have had them. */
    static MicroBatch concat(MicroBatch a, MicroBatch b) {
        return new MicroBatch(a.step(), a.epoch(), a.position(), a.count() + b.count(), a.height(), a.width(),
                join(a.pixels(), b.pixels()), a.classes(), join(a.softTargets(), b.softTargets()),
                IntStream.concat(Arrays.stream(a.labels()), Arrays.stream(b.labels())).toArray(),
                LongStream.concat(Arrays.stream(a.sampleIndices()), Arrays.stream(b.sampleIndices())).toArray(),
                Stream.concat(a.skipped().stream(), b.skipped().stream()).toList());
    }

    private static float[] join(float[] a, float[] b) {
        float[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
