package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GradientEngineContractTest} on the eager engine, and the eager engine against the SameDiff
 * engine (the same function: equal loss, logits and gradients on the same parameters and batch)
 * and against central differences of its own loss.
 */
class EagerGradientEngineTest extends GradientEngineContractTest {
    /** Two units in block 2 (an identity shortcut after a strided projection); odd sizes meet stride 2. */
    private static final ModelSpec DEEPER = new ModelSpec(new int[] {1, 2, 1, 1}, 0.125, 2, 5);
    private static final int SIZE_H = 23;
    private static final int SIZE_W = 17;

    @Override
    GradientEngine create(ModelSpec spec, int height, int width) {
        return new EagerGradientEngine(spec, height, width);
    }

    @Override
    GradientEngine createLinearProbe(ModelSpec spec, int height, int width) {
        return EagerGradientEngine.linearProbe(spec, height, width);
    }

    /** With oneDNN called directly (the default) and with ND4J's convolution ops (the fallback). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void computesWhatTheSameDiffEngineComputes(boolean oneDnn) {
        ParameterVersion parameters = new ParameterVersion(1, TestParameters.random(DEEPER, 31));
        try (GradientEngine eager = new EagerGradientEngine(DEEPER, SIZE_H, SIZE_W, false, oneDnn);
             GradientEngine sameDiff = new SameDiffGradientEngine(DEEPER, SIZE_H, SIZE_W)) {
            // A smaller batch after a larger one runs on the first images of the same arrays.
            for (int count : new int[] {4, 3}) {
                TrainingBatch batch = TestParameters.batch(32 + count, count, SIZE_H, SIZE_W, DEEPER.classes());
                GradientResult expected = sameDiff.gradients(parameters, batch);
                GradientResult actual = eager.gradients(parameters, batch);
                assertEquals(expected.meanLoss(), actual.meanLoss(), 1e-5, "loss at batch " + count);
                assertArrayEquals(expected.logits(), actual.logits(), 1e-4f, "logits at batch " + count);
                for (NamedBuffer gradient : expected.meanGradient().buffers()) {
                    float[] other = actual.meanGradient().get(gradient.name()).data();
                    double scale = maxAbs(gradient.data());
                    assertTrue(scale > 0, gradient.name());
                    assertEquals(0, maxDifference(gradient.data(), other), 1e-4 * scale,
                            gradient.name() + " at batch " + count);
                }
            }
        }
    }

    /**
     * The directional derivative of the loss along a random unit direction in one parameter tensor
     * at a time, against the five-point central difference of the engine's float32 loss. Random
     * networks curve strongly (a two-point difference with step 1e-2 was 8% off for the root kernel,
     * on both engines), and float32 rounding limits how small the step can be, so the step is sized
     * to move the loss by about 2e-3.
     */
    @Test
    void gradientsMatchCentralDifferences() {
        NamedBuffers base = TestParameters.random(DEEPER, 41);
        TrainingBatch batch = TestParameters.batch(42, 3, SIZE_H, SIZE_W, DEEPER.classes());
        try (GradientEngine engine = new EagerGradientEngine(DEEPER, SIZE_H, SIZE_W)) {
            GradientResult result = engine.gradients(new ParameterVersion(0, base), batch);
            SplittableRandom random = new SplittableRandom(43);
            long[] version = {1};
            for (String name : List.of("resnet/root_block/standardized_conv2d/kernel",
                    "resnet/block1/unit01/a/group_norm/gamma", "resnet/block2/unit01/a/proj/standardized_conv2d/kernel",
                    "resnet/block2/unit02/b/standardized_conv2d/kernel", "resnet/block2/unit02/c/group_norm/beta",
                    "resnet/block4/unit01/c/standardized_conv2d/kernel", "resnet/group_norm/gamma",
                    "resnet/head/conv2d/kernel")) {
                float[] direction = unitDirection(random, result.meanGradient().get(name).data());
                double analytic = dot(result.meanGradient().get(name).data(), direction);
                // The loss moves by about 2e-3 over a step: far above float32 rounding, small for the curvature.
                double step = Math.min(3e-2, 2e-3 / Math.abs(analytic));
                DoubleUnaryOperator loss = offset -> engine.gradients(
                        new ParameterVersion(version[0]++, moved(base, name, direction, offset)), batch).meanLoss();
                double numeric = (loss.applyAsDouble(-2 * step) - 8 * loss.applyAsDouble(-step)
                        + 8 * loss.applyAsDouble(step) - loss.applyAsDouble(2 * step)) / (12 * step);
                assertEquals(numeric, analytic, 1e-2 * Math.abs(numeric) + 2e-4, name);
            }
        }
    }

    @Test
    void inferenceGrowsToTheLargestBatchAndGivesEachImageItsOwnLogits() {
        ParameterVersion parameters = new ParameterVersion(5, TestParameters.random(DEEPER, 51));
        try (GradientEngine engine = new EagerGradientEngine(DEEPER, SIZE_H, SIZE_W)) {
            ImageBatch six = TestParameters.images(52, 6, SIZE_H, SIZE_W);
            float[] together = null;
            for (int count : new int[] {2, 6, 3}) {
                float[] logits = engine.logits(parameters, first(six, count));
                together = count == 6 ? logits : together;
                assertEquals(count * DEEPER.classes(), logits.length);
            }
            for (int image = 0; image < 6; image++) {
                float[] alone = engine.logits(parameters, new ImageBatch(Arrays.copyOfRange(six.pixels(),
                        image * pixelsPerImage(), (image + 1) * pixelsPerImage()), 1, SIZE_H, SIZE_W));
                float[] inBatch = Arrays.copyOfRange(together, image * DEEPER.classes(), (image + 1) * DEEPER.classes());
                // Batches of other sizes block the matrix products differently: the last bits differ.
                assertArrayEquals(alone, inBatch, 1e-5f, "image " + image);
            }
        }
    }

    private static ImageBatch first(ImageBatch images, int count) {
        return new ImageBatch(Arrays.copyOf(images.pixels(), count * pixelsPerImage()), count, SIZE_H, SIZE_W);
    }

    private static int pixelsPerImage() {
        return SIZE_H * SIZE_W * ImageBatch.CHANNELS;
    }

    /**
     * A random unit direction half along the gradient and half across it: a purely random one is
     * nearly orthogonal to the gradient in large tensors, and its derivative drowns in float32
     * rounding.
     */
    private static float[] unitDirection(SplittableRandom random, float[] gradient) {
        float[] direction = TestParameters.normal(random, gradient.length, 1.0);
        double ratio = Math.sqrt(dot(direction, direction) / dot(gradient, gradient));
        for (int i = 0; i < direction.length; i++) {
            direction[i] += (float) (ratio * gradient[i]);
        }
        double norm = Math.sqrt(dot(direction, direction));
        for (int i = 0; i < direction.length; i++) {
            direction[i] /= (float) norm;
        }
        return direction;
    }

    private static NamedBuffers moved(NamedBuffers base, String name, float[] direction, double step) {
        List<NamedBuffer> buffers = new ArrayList<>();
        for (NamedBuffer buffer : base.buffers()) {
            float[] data = buffer.data();
            if (buffer.name().equals(name)) {
                data = data.clone();
                for (int i = 0; i < data.length; i++) {
                    data[i] += (float) (step * direction[i]);
                }
            }
            buffers.add(buffer.withData(data));
        }
        return NamedBuffers.of(buffers);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float value : values) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }
}
