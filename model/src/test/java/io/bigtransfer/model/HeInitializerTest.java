package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeInitializerTest {
    private static final ModelSpec SPEC = new ModelSpec(new int[] {1, 1, 1, 1}, 0.5, 8, 10);

    @Test
    void repeatsExactlyForASeed() {
        NamedBuffers first = HeInitializer.initialize(SPEC, 42);
        NamedBuffers second = HeInitializer.initialize(SPEC, 42);
        first.requireSameLayout(second);
        for (NamedBuffer buffer : first.buffers()) {
            assertArrayEquals(buffer.data(), second.get(buffer.name()).data(), buffer.name());
        }
        String kernel = "resnet/block1/unit01/a/standardized_conv2d/kernel";
        assertFalse(Arrays.equals(first.get(kernel).data(), HeInitializer.initialize(SPEC, 43).get(kernel).data()));
    }

    @Test
    void followsTheModelsParameterLayout() {
        NamedBuffers parameters = HeInitializer.initialize(SPEC, 1);
        assertEquals(SPEC.parameterShapes().keySet().stream().toList(), parameters.names());
    }

    @Test
    void convKernelsAreHeNormal() {
        // 3x3x256x256: fan-in 2304, 590k samples, so the sample std is within about 0.3% of the truth.
        NamedBuffer kernel = HeInitializer.initialize(SPEC, 7).get("resnet/block4/unit01/b/standardized_conv2d/kernel");
        double mean = Arrays.stream(toDouble(kernel.data())).average().orElseThrow();
        double variance = Arrays.stream(toDouble(kernel.data())).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
        double expected = Math.sqrt(2.0 / (3 * 3 * 256));
        assertEquals(expected, Math.sqrt(variance), expected * 0.01);
        assertEquals(0.0, mean, expected * 0.01);
    }

    @Test
    void normsStartAsIdentityAndTheHeadAtZero() {
        NamedBuffers parameters = HeInitializer.initialize(SPEC, 3);
        for (NamedBuffer buffer : parameters.buffers()) {
            String name = buffer.name();
            if (name.endsWith("/gamma")) {
                assertConstant(buffer, 1f);
            } else if (name.endsWith("/beta") || name.startsWith("resnet/head/")) {
                assertConstant(buffer, 0f);
            }
        }
    }

    private static void assertConstant(NamedBuffer buffer, float value) {
        for (float v : buffer.data()) {
            assertEquals(value, v, buffer.name());
        }
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
