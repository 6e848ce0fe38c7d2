package io.bigtransfer.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
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
        forwardMatchesTheFloat64Formula(FAN_IN, OUT);
    }

    @Test
    void forwardMatchesTheFloat64FormulaOverSeveralChunksOfRows() {
        // 64 filters: 64 rows a chunk, so 180 rows are three chunks, the last partial.
        forwardMatchesTheFloat64Formula(3 * 3 * 20, 64);
    }

    @Test
    void backwardMatchesCentralDifferences() {
        backwardMatchesCentralDifferences(FAN_IN, OUT, 1);
    }

    @Test
    void backwardMatchesCentralDifferencesOverSeveralChunksOfRows() {
        backwardMatchesCentralDifferences(3 * 3 * 20, 64, 13);
    }

    private static void forwardMatchesTheFloat64Formula(int fanIn, int out) {
        float[] kernel = kernel(1, fanIn, out);
        float[] standardized = new float[kernel.length];
        double[] inverseStd = WeightStandardization.forward(kernel, out, FloatBuffer.wrap(standardized));
        double[] expected = reference(toDouble(kernel), fanIn, out);
        for (int i = 0; i < kernel.length; i++) {
            assertEquals(expected[i], standardized[i], 1e-6 * Math.max(1, Math.abs(expected[i])), "entry " + i);
        }
        for (int i = NEARLY_CONSTANT; i < standardized.length; i += out) {
            assertTrue(Math.abs(standardized[i]) < 0.5, "epsilon keeps a nearly constant filter near zero");
        }
        for (int col = 0; col < out; col++) {
            double expectedInverse = 1.0 / Math.sqrt(varianceOfColumn(toDouble(kernel), col, fanIn, out) + 1e-10);
            assertEquals(expectedInverse, inverseStd[col], 1e-9 * expectedInverse, "filter " + col);
        }
    }

    /** Checks every {@code every}-th entry of the gradient. */
    private static void backwardMatchesCentralDifferences(int fanIn, int out, int every) {
        float[] kernel = kernel(2, fanIn, out);
        float[] upstream = new float[kernel.length];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) random.nextGaussian();
        }
        float[] standardized = new float[kernel.length];
        double[] inverseStd = WeightStandardization.forward(kernel, out, FloatBuffer.wrap(standardized));
        float[] gradient = WeightStandardization.backward(FloatBuffer.wrap(upstream), FloatBuffer.wrap(standardized),
                inverseStd, upstream.length);

        double[] w = toDouble(kernel);
        for (int i = 0; i < w.length; i += every) {
            double step = (i % out == NEARLY_CONSTANT ? 1e-9 : 1e-5);
            double original = w[i];
            w[i] = original + step;
            double plus = dot(upstream, reference(w, fanIn, out));
            w[i] = original - step;
            double minus = dot(upstream, reference(w, fanIn, out));
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
    private static float[] kernel(long seed, int fanIn, int out) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] kernel = new float[fanIn * out];
        for (int row = 0; row < fanIn; row++) {
            for (int col = 0; col < out; col++) {
                double spread = col == NEARLY_CONSTANT ? 1e-6 : 0.1 + col % 7;
                kernel[row * out + col] = (float) (0.3 * col + spread * random.nextGaussian());
            }
        }
        return kernel;
    }

    private static double[] reference(double[] w, int fanIn, int out) {
        double[] result = new double[w.length];
        for (int col = 0; col < out; col++) {
            double mean = 0;
            for (int row = 0; row < fanIn; row++) {
                mean += w[row * out + col] / fanIn;
            }
            double inverseStd = 1 / Math.sqrt(varianceOfColumn(w, col, fanIn, out) + 1e-10);
            for (int row = 0; row < fanIn; row++) {
                result[row * out + col] = (w[row * out + col] - mean) * inverseStd;
            }
        }
        return result;
    }

    private static double varianceOfColumn(double[] w, int col, int fanIn, int out) {
        double mean = 0;
        for (int row = 0; row < fanIn; row++) {
            mean += w[row * out + col] / fanIn;
        }
        double variance = 0;
        for (int row = 0; row < fanIn; row++) {
            double centered = w[row * out + col] - mean;
            variance += centered * centered / fanIn;
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
