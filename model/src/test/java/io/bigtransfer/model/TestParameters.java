package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Non-trivial parameters and inputs for tests: random kernels, gammas around 1, small random betas
 * and a random head (a zero head, as in training from scratch, would make the body's gradient
 * vanish and hide the body from the logits).
 */
public final class TestParameters {
    private TestParameters() {
    }

    public static NamedBuffers random(ModelSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<NamedBuffer> buffers = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) -> {
            boolean shift = name.endsWith("beta") || name.endsWith("bias");
            float[] values = normal(random, (int) NamedBuffer.elementCount(shape), shift ? 0.2 : 0.5);
            if (name.endsWith("gamma")) {
                for (int i = 0; i < values.length; i++) {
                    values[i] += 1f;
                }
            }
            buffers.add(new NamedBuffer(name, shape, values));
        });
        return NamedBuffers.of(buffers);
    }

    public static float[] normal(SplittableRandom random, int count, double std) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
        return values;
    }

    public static ImageBatch images(long seed, int count, int height, int width) {
        return new ImageBatch(normal(new SplittableRandom(seed), count * height * width * ImageBatch.CHANNELS, 1.0),
                count, height, width);
    }

    /** Soft targets: every row a random probability distribution, not one-hot. */
    public static float[] softTargets(long seed, int count, int classes) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] targets = new float[count * classes];
        for (int row = 0; row < count; row++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                targets[row * classes + c] = (float) random.nextDouble(0.05, 1.0);
                sum += targets[row * classes + c];
            }
            for (int c = 0; c < classes; c++) {
                targets[row * classes + c] /= (float) sum;
            }
        }
        return targets;
    }

    public static TrainingBatch batch(long seed, int count, int height, int width, int classes) {
        long[] indices = new long[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        return new TrainingBatch(images(seed, count, height, width), softTargets(seed + 1, count, classes), indices);
    }
}
