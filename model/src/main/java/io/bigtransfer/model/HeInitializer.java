package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Initial parameters for training from scratch (DESIGN.md): He (fan-in) normal conv kernels with
 * std sqrt(2 / (kh * kw * cin)), group-norm gamma 1 and beta 0, head kernel and bias 0. Each
 * parameter draws from its own generator seeded by the seed and the parameter's name, independent
 * of ND4J's global RNG, so the result repeats exactly and does not depend on parameter order.
 */
public final class HeInitializer {
    private static final String HEAD = "resnet/head/";

    private HeInitializer() {
    }

    public static NamedBuffers initialize(ModelSpec spec, long seed) {
        List<NamedBuffer> buffers = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) -> {
            float[] values = new float[(int) NamedBuffer.elementCount(shape)];
            if (name.endsWith("/gamma")) {
                Arrays.fill(values, 1f);
            } else if (name.endsWith("/kernel") && !name.startsWith(HEAD)) {
                fillHeNormal(values, shape, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode()));
            }
            buffers.add(new NamedBuffer(name, shape, values));
        });
        return NamedBuffers.of(buffers);
    }

    /** Kernels are HWIO: fan-in is kh * kw * cin. */
    private static void fillHeNormal(float[] values, int[] shape, SplittableRandom random) {
        double std = Math.sqrt(2.0 / ((long) shape[0] * shape[1] * shape[2]));
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * random.nextGaussian());
        }
    }
}
