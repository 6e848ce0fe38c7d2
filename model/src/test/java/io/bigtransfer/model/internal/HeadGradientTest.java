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

    @Test
    void matchesAPlainFloat64Reference() {
        // The products run in float32: logits of about 40 are 4e-6 off, and so are the
        // probabilities relative to their value.
        int count = 3;
        int depth = 150;
        int classes = 130;
        Random random = new Random(11);
        float[] features = randomArray(random, count * depth);
        float[] kernel = randomArray(random, depth * classes);
        float[] bias = randomArray(random, classes);
        float[] targets = new float[count * classes];
        for (int i = 0; i < count; i++) {
            targets[i * classes + 40 * i + 7] = 1f;
        }
        HeadGradient.Result result = HeadGradient.compute(features, count, depth, kernel, bias, targets, classes);
        double loss = 0;
        double[] kernelGradient = new double[depth * classes];
        double[] biasGradient = new double[classes];
        for (int i = 0; i < count; i++) {
            double[] z = new double[classes];
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                z[c] = bias[c];
                for (int d = 0; d < depth; d++) {
                    z[c] += (double) features[i * depth + d] * kernel[d * classes + c];
                }
                assertEquals(z[c], result.logits()[i * classes + c], 1e-5 * Math.max(1, Math.abs(z[c])), "logit");
            }
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(z[c]);
            }
            for (int c = 0; c < classes; c++) {
                double probability = Math.exp(z[c]) / sumExp;
                loss -= targets[i * classes + c] * Math.log(probability) / count;
                double dz = (probability - targets[i * classes + c]) / count;
                biasGradient[c] += dz;
                for (int d = 0; d < depth; d++) {
                    kernelGradient[d * classes + c] += features[i * depth + d] * dz;
                }
            }
            for (int d = 0; d < depth; d++) {
                double featureGradient = 0;
                double magnitude = 0;
                for (int c = 0; c < classes; c++) {
                    double term = kernel[d * classes + c] * (Math.exp(z[c]) / sumExp - targets[i * classes + c])
                            / count;
                    featureGradient += term;
                    magnitude += Math.abs(term);
                }
                // A sum of terms that cancel: float32 keeps 1e-5 of the terms' size, not of the sum's.
                assertEquals(featureGradient, result.featureGradient()[i * depth + d], tolerance(magnitude),
                        "feature " + d);
            }
        }
        assertEquals(loss, result.meanLoss(), 1e-6 * loss);
        for (int k = 0; k < kernelGradient.length; k++) {
            assertEquals(kernelGradient[k], result.kernelGradient()[k], tolerance(kernelGradient[k]), "kernel " + k);
        }
        for (int c = 0; c < classes; c++) {
            assertEquals(biasGradient[c], result.biasGradient()[c], tolerance(biasGradient[c]), "bias " + c);
        }
        float[] logits = HeadGradient.logits(features, count, depth, kernel, bias, classes);
        for (int k = 0; k < logits.length; k++) {
            assertEquals(result.logits()[k], logits[k], 0f, "logits alone " + k);
        }
    }

    private static double tolerance(double expected) {
        return 1e-5 * (Math.abs(expected) + 1e-3);
    }

    private static float[] randomArray(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
