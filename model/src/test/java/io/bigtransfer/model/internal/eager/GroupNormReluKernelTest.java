package io.bigtransfer.model.internal.eager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java group norm + ReLU, on its scalar and its SIMD loops, against a float64 version of its
 * definition written here: values, and gradients against central differences of it. One image of 5x7 pixels and 12 channels in 3
 * groups; group 0 sits at mean 50 (float32 sums lose digits there), group 1 has a variance of
 * 1e-8, far below epsilon; channel 11 has gamma and beta 0, so its output is exactly 0.
 */
class GroupNormReluKernelTest {
    private static final int HEIGHT = 5;
    private static final int WIDTH = 7;
    private static final int PIXELS = HEIGHT * WIDTH;
    private static final int CHANNELS = 12;
    private static final int GROUPS = 3;
    private static final int PER_GROUP = CHANNELS / GROUPS;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void forwardMatchesTheFloat64Definition(boolean simd) {
        Case c = new Case(1);
        ByteBuffer y = buffer(new float[c.x.length]);
        kernel(simd).forward(buffer(c.x), y, 0, c.gamma, c.beta, new double[GROUPS], new double[GROUPS]);
        double[] expected = reference(toDouble(c.x), toDouble(c.gamma), toDouble(c.beta));
        float[] actual = read(y);
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "value " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void backwardMatchesCentralDifferencesAndAddsTheAddend(boolean simd) {
        Case c = new Case(2);
        GroupNormReluKernel kernel = kernel(simd);
        ByteBuffer y = buffer(new float[c.x.length]);
        double[] mean = new double[GROUPS];
        double[] inverse = new double[GROUPS];
        kernel.forward(buffer(c.x), y, 0, c.gamma, c.beta, mean, inverse);
        float[] dz = new float[c.x.length];
        float[] addend = new float[c.x.length];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < dz.length; i++) {
            dz[i] = (float) random.nextGaussian();
            addend[i] = (float) random.nextGaussian();
        }
        ByteBuffer dxBuffer = buffer(new float[c.x.length]);
        double[][] dgamma = new double[1][CHANNELS];
        double[][] dbeta = new double[1][CHANNELS];
        kernel.backward(buffer(dz), buffer(c.x), dxBuffer, buffer(addend), 0, c.gamma, c.beta, mean, inverse, dgamma,
                dbeta);
        float[] dx = read(dxBuffer);

        double[] x = toDouble(c.x);
        double[] gamma = toDouble(c.gamma);
        double[] beta = toDouble(c.beta);
        for (int i = 0; i < x.length; i += 3) {
            double numeric = difference(x, i, () -> loss(x, gamma, beta, dz));
            assertEquals(numeric + addend[i], dx[i], 2e-3 * (1 + Math.abs(numeric)), "dx " + i);
        }
        // Channel 11 sits on ReLU's kink for every pixel, where the derivative is taken as 0.
        for (int ch = 0; ch < CHANNELS - 1; ch++) {
            double numericGamma = difference(gamma, ch, () -> loss(x, gamma, beta, dz));
            double numericBeta = difference(beta, ch, () -> loss(x, gamma, beta, dz));
            assertEquals(numericGamma, dgamma[0][ch], 1e-4 * (1 + Math.abs(numericGamma)), "dgamma " + ch);
            assertEquals(numericBeta, dbeta[0][ch], 1e-4 * (1 + Math.abs(numericBeta)), "dbeta " + ch);
        }
        assertEquals(0.0, dbeta[0][CHANNELS - 1], "an output of exactly 0 passes no gradient");
        assertEquals(0.0, dgamma[0][CHANNELS - 1], "an output of exactly 0 passes no gradient");
    }

    /**
     * The Vector API loops give the scalar loops' bits, forward and backward, on 40 channels (five
     * vectors) and on 12 (one vector and a tail), over two images.
     */
    @Test
    void simdLoopsGiveTheScalarLoopsBits() {
        for (int channels : new int[] {40, 12}) {
            int height = 6;
            int width = 9;
            int groups = 4;
            int size = 2 * height * width * channels;
            SplittableRandom random = new SplittableRandom(channels);
            float[] x = new float[size];
            float[] dz = new float[size];
            float[] gamma = new float[channels];
            float[] beta = new float[channels];
            for (int i = 0; i < size; i++) {
                x[i] = (float) (3 + random.nextGaussian());
                dz[i] = (float) random.nextGaussian();
            }
            for (int ch = 0; ch < channels; ch++) {
                gamma[ch] = (float) (1 + 0.3 * random.nextGaussian());
                beta[ch] = (float) (0.3 * random.nextGaussian());
            }
            float[][] results = new float[2][];
            for (int variant = 0; variant < 2; variant++) {
                GroupNormLoops loops = variant == 0 ? GroupNormLoops.scalar() : GroupNormLoops.fastest();
                GroupNormReluKernel kernel = new GroupNormReluKernel(height, width, channels, groups, loops);
                ByteBuffer y = buffer(new float[size]);
                ByteBuffer dx = buffer(new float[size]);
                double[] mean = new double[2 * groups];
                double[] inverse = new double[2 * groups];
                double[][] dgamma = new double[2][channels];
                double[][] dbeta = new double[2][channels];
                for (int image = 0; image < 2; image++) {
                    kernel.forward(buffer(x), y, image, gamma, beta, mean, inverse);
                    kernel.backward(buffer(dz), buffer(x), dx, image == 0 ? null : buffer(dz), image, gamma, beta, mean,
                            inverse, dgamma, dbeta);
                }
                float[] both = Arrays.copyOf(read(y), 2 * size + 2 * channels);
                System.arraycopy(read(dx), 0, both, size, size);
                for (int ch = 0; ch < channels; ch++) {
                    both[2 * size + ch] = (float) (dgamma[0][ch] + dgamma[1][ch]);
                    both[2 * size + channels + ch] = (float) (dbeta[0][ch] + dbeta[1][ch]);
                }
                results[variant] = both;
            }
            assertArrayEquals(results[0], results[1], channels + " channels");
        }
    }

    /**
     * A first pixel 100 standard deviations off, at R50x1's first size (56x56, 64 channels, 32
     * groups): the moments, summed in one pass about a shift, must not depend on where the image
     * starts. {@code 1/sqrt(var + eps)} to 1e-6 of the float64 definition (a shift at that pixel
     * gave 8e-5).
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anOutlyingFirstPixelDoesNotCostTheVarianceDigits(boolean simd) {
        int height = 56;
        int width = 56;
        int channels = 64;
        int groups = 32;
        int perGroup = channels / groups;
        int pixels = height * width;
        SplittableRandom random = new SplittableRandom(4);
        float[] x = new float[pixels * channels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (3 + 0.01 * random.nextGaussian());
        }
        for (int ch = 0; ch < channels; ch++) {
            x[ch] = 4f;
        }
        float[] gamma = new float[channels];
        Arrays.fill(gamma, 1f);
        double[] inverse = new double[groups];
        new GroupNormReluKernel(height, width, channels, groups, simd ? GroupNormLoops.fastest() : GroupNormLoops.scalar())
                .forward(buffer(x), buffer(new float[x.length]), 0, gamma, new float[channels], new double[groups],
                        inverse);
        double[] values = toDouble(x);
        for (int g = 0; g < groups; g++) {
            double expected = 1 / meanAndStd(values, pixels, channels, perGroup, g)[1];
            assertEquals(expected, inverse[g], 1e-6 * expected, "group " + g);
        }
    }

    @Test
    void theTestJvmRunsTheSimdLoops() {
        assertEquals("SimdGroupNormLoops", GroupNormLoops.fastest().getClass().getSimpleName(),
                "surefire adds jdk.incubator.vector, so the SIMD path is what these tests check");
    }

    private static GroupNormReluKernel kernel(boolean simd) {
        return new GroupNormReluKernel(HEIGHT, WIDTH, CHANNELS, GROUPS,
                simd ? GroupNormLoops.fastest() : GroupNormLoops.scalar());
    }

    private static ByteBuffer buffer(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    private static float[] read(ByteBuffer buffer) {
        float[] values = new float[buffer.capacity() / Float.BYTES];
        buffer.asFloatBuffer().get(values);
        return values;
    }

    /** The test inputs: random values with a large mean in group 0 and a tiny spread in group 1. */
    private static final class Case {
        final float[] x = new float[PIXELS * CHANNELS];
        final float[] gamma = new float[CHANNELS];
        final float[] beta = new float[CHANNELS];

        Case(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int p = 0; p < PIXELS; p++) {
                for (int ch = 0; ch < CHANNELS; ch++) {
                    int group = ch / PER_GROUP;
                    double value = group == 0 ? 50 + random.nextGaussian() : group == 1 ? 1e-4 * random.nextGaussian()
                            : random.nextGaussian();
                    x[p * CHANNELS + ch] = (float) value;
                }
            }
            for (int ch = 0; ch < CHANNELS - 1; ch++) {
                gamma[ch] = (float) (1 + 0.3 * random.nextGaussian());
                beta[ch] = (float) (0.2 * random.nextGaussian());
            }
        }
    }

    /** relu(group_norm(x)) in float64, straight from the definition (biased variance, epsilon 1e-5). */
    private static double[] reference(double[] x, double[] gamma, double[] beta) {
        double[] y = new double[x.length];
        for (int g = 0; g < GROUPS; g++) {
            double[] statistics = meanAndStd(x, PIXELS, CHANNELS, PER_GROUP, g);
            double mean = statistics[0];
            double std = statistics[1];
            for (int p = 0; p < PIXELS; p++) {
                for (int ch = g * PER_GROUP; ch < (g + 1) * PER_GROUP; ch++) {
                    int i = p * CHANNELS + ch;
                    y[i] = Math.max(0, (x[i] - mean) / std * gamma[ch] + beta[ch]);
                }
            }
        }
        return y;
    }

    /** Group {@code g}'s mean and {@code sqrt(var + 1e-5)} (biased variance), in float64. */
    private static double[] meanAndStd(double[] x, int pixels, int channels, int perGroup, int g) {
        double sum = 0;
        for (int p = 0; p < pixels; p++) {
            for (int ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                sum += x[p * channels + ch];
            }
        }
        double mean = sum / (pixels * perGroup);
        double squares = 0;
        for (int p = 0; p < pixels; p++) {
            for (int ch = g * perGroup; ch < (g + 1) * perGroup; ch++) {
                squares += Math.pow(x[p * channels + ch] - mean, 2);
            }
        }
        return new double[] {mean, Math.sqrt(squares / (pixels * perGroup) + 1e-5)};
    }

    private static double loss(double[] x, double[] gamma, double[] beta, float[] dz) {
        double[] y = reference(x, gamma, beta);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += dz[i] * y[i];
        }
        return sum;
    }

    /** The central difference of {@code loss} in {@code values[index]}, with a step relative to the value's group. */
    private static double difference(double[] values, int index, DoubleSupplier loss) {
        double original = values[index];
        double step = 1e-7 * Math.max(1e-3, Math.abs(original));
        values[index] = original + step;
        double plus = loss.getAsDouble();
        values[index] = original - step;
        double minus = loss.getAsDouble();
        values[index] = original;
        return (plus - minus) / (2 * step);
    }

    private static double[] toDouble(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
