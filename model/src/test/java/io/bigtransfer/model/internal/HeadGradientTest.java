package io.bigtransfer.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadGradientTest {

    @Test
    void handComputedSingleRow() {
        // One feature (1), two classes, kernel [ln 3, 0], no bias: softmax = [3/4, 1/4].
        HeadGradient.Result result = HeadGradient.compute(new float[] {1f}, 1, 1,
                new float[] {(float) Math.log(3), 0f}, new float[] {0f, 0f}, new float[] {1f, 0f}, 2);
        assertEquals(-Math.log(0.75), result.meanLoss(), 1e-6);
        assertEquals(-0.25, result.kernelGradient()[0], 1e-6);
        assertEquals(0.25, result.kernelGradient()[1], 1e-6);
        assertEquals(-0.25, result.biasGradient()[0], 1e-6);
    }

    @Test
    void gradientsMatchCentralFiniteDifferencesOfTheLoss() {
        int count = 4;
        int depth = 5;
        int classes = 3;
        Random random = new Random(7);
        float[] features = randomArray(random, count * depth);
        float[] kernel = randomArray(random, depth * classes);
        float[] bias = randomArray(random, classes);
        float[] targets = new float[count * classes];
        for (int i = 0; i < count; i++) {
            // Soft targets, as mixup makes them.
            targets[i * classes + i % classes] = 0.7f;
            targets[i * classes + (i + 1) % classes] = 0.3f;
        }
        HeadGradient.Result result = HeadGradient.compute(features, count, depth, kernel, bias, targets, classes);
        double h = 1e-3;
        for (int k = 0; k < kernel.length; k++) {
            float original = kernel[k];
            kernel[k] = (float) (original + h);
            double plus = HeadGradient.compute(features, count, depth, kernel, bias, targets, classes).meanLoss();
            kernel[k] = (float) (original - h);
            double minus = HeadGradient.compute(features, count, depth, kernel, bias, targets, classes).meanLoss();
            kernel[k] = original;
            assertEquals((plus - minus) / (2 * h), result.kernelGradient()[k], 1e-4, "kernel " + k);
        }
        for (int c = 0; c < classes; c++) {
            float original = bias[c];
            bias[c] = (float) (original + h);
            double plus = HeadGradient.compute(features, count, depth, kernel, bias, targets, classes).meanLoss();
            bias[c] = (float) (original - h);
            double minus = HeadGradient.compute(features, count, depth, kernel, bias, targets, classes).meanLoss();
            bias[c] = original;
            assertEquals((plus - minus) / (2 * h), result.biasGradient()[c], 1e-4, "bias " + c);
        }
    }

    private static float[] randomArray(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
