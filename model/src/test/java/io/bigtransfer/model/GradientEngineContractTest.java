package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link GradientEngine} promises, run against each implementation by a subclass: the
 * training pass's logits and loss, gradient names and shapes, loading a version only once, empty
 * and mismatched batches, linear probing, features, and what Weight Standardization implies for
 * kernel gradients.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GradientEngineContractTest {
    static final ModelSpec SPEC = new ModelSpec(new int[] {1, 1, 1, 1}, 0.0625, 2, 4);
    static final int HEIGHT = 13;
    static final int WIDTH = 11;
    private GradientEngine engine;

    abstract GradientEngine create(ModelSpec spec, int height, int width);

    abstract GradientEngine createLinearProbe(ModelSpec spec, int height, int width);

    @BeforeAll
    void start() {
        engine = create(SPEC, HEIGHT, WIDTH);
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void forwardInsideTheGradientPassEqualsInference() {
        ParameterVersion parameters = new ParameterVersion(10, TestParameters.random(SPEC, 3));
        TrainingBatch batch = TestParameters.batch(4, 5, HEIGHT, WIDTH, SPEC.classes());
        GradientResult result = engine.gradients(parameters, batch);
        float[] inference = engine.logits(parameters, batch.images());
        assertEquals(5 * SPEC.classes(), inference.length);
        assertArrayEquals(inference, result.logits(), 1e-5f);
        assertEquals(5, result.exampleCount());
        assertEquals(crossEntropy(result.logits(), batch.softTargets(), SPEC.classes()), result.meanLoss(), 1e-5);
    }

    @Test
    void gradientsAreNamedAndShapedLikeTheParameters() {
        ParameterVersion parameters = new ParameterVersion(11, TestParameters.random(SPEC, 4));
        GradientResult result = engine.gradients(parameters, TestParameters.batch(6, 3, HEIGHT, WIDTH, SPEC.classes()));
        parameters.parameters().requireSameLayout(result.meanGradient());
        for (NamedBuffer gradient : result.meanGradient().buffers()) {
            assertTrue(maxAbs(gradient.data()) > 0, gradient.name() + " has an all-zero gradient");
        }
    }

    @Test
    void copiesParametersOnlyWhenGivenAnotherVersion() {
        NamedBuffers original = TestParameters.random(SPEC, 5);
        ParameterVersion version = new ParameterVersion(20, original);
        ImageBatch images = TestParameters.images(7, 2, HEIGHT, WIDTH);
        float[] first = engine.logits(version, images);

        // Writing a published version breaks its contract; here it shows that the kernels the engine
        // standardized when it loaded version 20 are reused.
        float[] rootKernel = original.get(ModelSpec.ROOT_KERNEL).data();
        rootKernel[0] += 100f;
        assertArrayEquals(first, engine.logits(version, images), "version 20 is loaded already, so it is not copied again");
        rootKernel[0] -= 100f;

        float[] shifted = engine.logits(new ParameterVersion(20, withHeadBiasShift(original, 1f)), images);
        for (int i = 0; i < shifted.length; i++) {
            assertEquals(first[i] + 1f, shifted[i], 1e-4f, "other buffers under the same version number are loaded");
        }
    }

    @Test
    void trainingAndInferenceAtTheTrainingSizeShareTheLoadedVersion() {
        NamedBuffers original = TestParameters.random(SPEC, 6);
        ParameterVersion version = new ParameterVersion(30, original);
        TrainingBatch batch = TestParameters.batch(8, 2, HEIGHT, WIDTH, SPEC.classes());
        GradientResult trained = engine.gradients(version, batch);
        original.get(ModelSpec.ROOT_KERNEL).data()[0] += 100f;
        assertArrayEquals(trained.logits(), engine.logits(version, batch.images()), 1e-5f,
                "inference reuses the version the training pass loaded");
    }

    @Test
    void emptyBatchGivesZeroGradients() {
        TrainingBatch empty = new TrainingBatch(new ImageBatch(new float[0], 0, HEIGHT, WIDTH), new float[0], new long[0]);
        GradientResult result = engine.gradients(new ParameterVersion(40, TestParameters.random(SPEC, 7)), empty);
        assertEquals(0, result.exampleCount());
        assertEquals(0, result.logits().length);
        assertEquals(0.0, result.meanGradient().buffers().stream().mapToDouble(b -> maxAbs(b.data())).max().orElse(0));
    }

    @Test
    void refusesBatchesThatDoNotFit() {
        ParameterVersion parameters = new ParameterVersion(50, TestParameters.random(SPEC, 8));
        assertThrows(IllegalArgumentException.class,
                () -> engine.gradients(parameters, TestParameters.batch(1, 2, HEIGHT + 1, WIDTH, SPEC.classes())));
        assertThrows(IllegalArgumentException.class,
                () -> engine.gradients(parameters, TestParameters.batch(1, 2, HEIGHT, WIDTH, SPEC.classes() + 1)));
    }

    @Test
    void linearProbeGivesTheFullEnginesHeadGradientAndNothingElse() {
        ParameterVersion parameters = new ParameterVersion(60, TestParameters.random(SPEC, 9));
        TrainingBatch batch = TestParameters.batch(10, 5, HEIGHT, WIDTH, SPEC.classes());
        GradientResult full = engine.gradients(parameters, batch);
        try (GradientEngine probe = createLinearProbe(SPEC, HEIGHT, WIDTH)) {
            GradientResult head = probe.gradients(parameters, batch);
            assertEquals(full.meanLoss(), head.meanLoss(), 1e-5);
            assertArrayEquals(full.logits(), head.logits(), 1e-4f);
            parameters.parameters().requireSameLayout(head.meanGradient());
            for (NamedBuffer gradient : head.meanGradient().buffers()) {
                if (ModelSpec.isHead(gradient.name())) {
                    assertArrayEquals(full.meanGradient().get(gradient.name()).data(), gradient.data(), 1e-5f, gradient.name());
                    assertTrue(maxAbs(gradient.data()) > 0, gradient.name());
                } else {
                    assertEquals(0.0, maxAbs(gradient.data()), gradient.name() + " belongs to the frozen body");
                }
            }
        }
    }

    @Test
    void featuresAreWhatTheHeadReads() {
        ParameterVersion parameters = new ParameterVersion(70, TestParameters.random(SPEC, 11));
        ImageBatch images = TestParameters.images(12, 3, HEIGHT, WIDTH);
        float[] features = engine.features(parameters, images);
        int depth = SPEC.featureWidth();
        assertEquals(3 * depth, features.length);
        float[] kernel = parameters.parameters().get("resnet/head/conv2d/kernel").data();
        float[] bias = parameters.parameters().get("resnet/head/conv2d/bias").data();
        float[] logits = engine.logits(parameters, images);
        for (int row = 0; row < 3; row++) {
            for (int c = 0; c < SPEC.classes(); c++) {
                double z = bias[c];
                for (int d = 0; d < depth; d++) {
                    z += (double) features[row * depth + d] * kernel[d * SPEC.classes() + c];
                }
                assertEquals(logits[row * SPEC.classes() + c], z, 1e-4);
            }
        }
    }

    /**
     * Weight Standardization makes the loss blind to shifting or scaling any filter of a standardized
     * kernel, so its gradient (carried back through the standardization) sums to zero over each
     * filter and is orthogonal to it (up to epsilon's 1e-10 against the filter's variance).
     */
    @Test
    void standardizedKernelGradientsIgnoreEachFiltersShiftAndScale() {
        ParameterVersion parameters = new ParameterVersion(80, TestParameters.random(SPEC, 13));
        GradientResult result = engine.gradients(parameters, TestParameters.batch(14, 3, HEIGHT, WIDTH, SPEC.classes()));
        int checked = 0;
        for (NamedBuffer gradient : result.meanGradient().buffers()) {
            if (!gradient.name().endsWith("standardized_conv2d/kernel")) {
                continue;
            }
            float[] w = parameters.parameters().get(gradient.name()).data();
            float[] g = gradient.data();
            int out = gradient.shape()[3];
            for (int col = 0; col < out; col++) {
                double sum = 0;
                double projection = 0;
                double scale = 0;
                for (int i = col; i < g.length; i += out) {
                    sum += g[i];
                    projection += (double) g[i] * w[i];
                    scale += Math.abs(g[i]) * (1 + Math.abs(w[i]));
                }
                assertEquals(0, sum, 1e-5 * scale, gradient.name() + " filter " + col + " sum");
                assertEquals(0, projection, 1e-5 * scale, gradient.name() + " filter " + col + " projection");
            }
            checked++;
        }
        assertEquals(SPEC.parameterShapes().keySet().stream().filter(n -> n.endsWith("standardized_conv2d/kernel")).count(),
                checked);
    }

    static NamedBuffers withHeadBiasShift(NamedBuffers parameters, float shift) {
        List<NamedBuffer> buffers = new ArrayList<>();
        for (NamedBuffer buffer : parameters.buffers()) {
            float[] data = buffer.data().clone();
            if (buffer.name().equals("resnet/head/conv2d/bias")) {
                for (int i = 0; i < data.length; i++) {
                    data[i] += shift;
                }
            }
            buffers.add(buffer.withData(data));
        }
        return NamedBuffers.of(buffers);
    }

    static double crossEntropy(float[] logits, float[] targets, int classes) {
        double total = 0;
        int rows = logits.length / classes;
        for (int row = 0; row < rows; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, logits[row * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[row * classes + c] - max);
            }
            for (int c = 0; c < classes; c++) {
                total -= targets[row * classes + c] * (logits[row * classes + c] - max - Math.log(sum));
            }
        }
        return total / rows;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
