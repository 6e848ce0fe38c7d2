package io.bigtransfer.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Weight Standardization outside the graph against a float64 reference written from the formula,
 * and its backward pass against central differences of that reference. One filter is almost
 * constant, so its variance (1e-12) is below epsilon (1e-10) and the result depends on epsilon.
 */
class WeightStandardizationTest {
    private static final int FAN_IN = 3 * 3 * 4;
    private static final int OUT = 5;
    private static final int NEARLY_CONSTANT = 3;

    @Test
    void forwardMatchesTheFloat64Formula() {
        float[] kernel = kernel(1);
        float[] standardized = new float[kernel.length];
        double[] inverseStd = WeightStandardization.forward(kernel, OUT, standardized);
        double[] expected = reference(toDouble(kernel));
        for (int i = 0; i < kernel.length; i++) {
            assertEquals(expected[i], standardized[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
        for (int i = NEARLY_CONSTANT; i < standardized.length; i += OUT) {
            assertTrue(Math.abs(standardized[i]) < 0.5, "epsilon keeps a nearly constant filter near zero");
        }
        assertEquals(1.0 / Math.sqrt(varianceOfColumn(toDouble(kernel), 0) + 1e-10), inverseStd[0], 1e-9 * inverseStd[0]);
    }

    @Test
    void backwardMatchesCentralDifferences() {
        float[] kernel = kernel(2);
        float[] upstream = new float[kernel.length];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) random.nextGaussian();
        }
        float[] standardized = new float[kernel.length];
        double[] inverseStd = WeightStandardization.forward(kernel, OUT, standardized);
        float[] gradient = upstream.clone();
        WeightStandardization.backward(gradient, standardized, inverseStd);

        double[] w = toDouble(kernel);
        for (int i = 0; i < w.length; i++) {
            double step = (i % OUT == NEARLY_CONSTANT ? 1e-9 : 1e-5);
            double original = w[i];
            w[i] = original + step;
            double plus = dot(upstream, reference(w));
            w[i] = original - step;
            double minus = dot(upstream, reference(w));
            w[i] = original;
            double numeric = (plus - minus) / (2 * step);
            double scale = Math.max(1e-3, Math.abs(numeric));
            assertEquals(numeric, gradient[i], 1e-4 * scale, "entry " + i);
        }
    }

    @Test
    void onlyStandardizedConvolutionKernelsAreStandardized() {
        assertTrue(WeightStandardization.standardizes("resnet/root_block/standardized_conv2d/kernel"));
        assertTrue(WeightStandardization.standardizes("resnet/block2/unit01/a/proj/standardized_conv2d/kernel"));
        assertFalse(WeightStandardization.standardizes("resnet/head/conv2d/kernel"));
        assertFalse(WeightStandardization.standardizes("resnet/block1/unit01/a/group_norm/gamma"));
    }

    /** Random filters with non-zero means; filter {@link #NEARLY_CONSTANT} varies by about 1e-6. */
    private static float[] kernel(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] kernel = new float[FAN_IN * OUT];
        for (int row = 0; row < FAN_IN; row++) {
            for (int col = 0; col < OUT; col++) {
                double spread = col == NEARLY_CONSTANT ? 1e-6 : 0.1 + col;
                kernel[row * OUT + col] = (float) (0.3 * col + spread * random.nextGaussian());
            }
        }
        return kernel;
    }

    private static double[] reference(double[] w) {
        double[] result = new double[w.length];
        for (int col = 0; col < OUT; col++) {
            double mean = 0;
            for (int row = 0; row < FAN_IN; row++) {
                mean += w[row * OUT + col] / FAN_IN;
            }
            double inverseStd = 1 / Math.sqrt(varianceOfColumn(w, col) + 1e-10);
            for (int row = 0; row < FAN_IN; row++) {
                result[row * OUT + col] = (w[row * OUT + col] - mean) * inverseStd;
            }
        }
        return result;
    }

    private static double varianceOfColumn(double[] w, int col) {
        double mean = 0;
        for (int row = 0; row < FAN_IN; row++) {
            mean += w[row * OUT + col] / FAN_IN;
        }
        double variance = 0;
        for (int row = 0; row < FAN_IN; row++) {
            double centered = w[row * OUT + col] - mean;
            variance += centered * centered / FAN_IN;
        }
        return variance;
    }

    private static double dot(float[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
