package io.bigtransfer.model.internal;

import java.nio.FloatBuffer;

/**
 * BiT's Weight Standardization of a kernel and its backward pass, on plain row-major
 * [fan-in, out] arrays (an HWIO kernel's data, read as one column per output filter):
 * {@code w_hat = (w - mean) / sqrt(var + 1e-10)} per column, with the biased variance. It runs
 * outside the SameDiff graph, once per parameter version, because in the graph its backward took
 * about a quarter of R50x1's training step (docs/speed.md): ND4J's broadcasting backward ops
 * ({@code multiply_bp}, {@code reduce_mean_bp}) tile every kernel several times over. Statistics
 * accumulate in float64. The standardized kernel and the gradients are read and written in place
 * in the engines' (native) arrays, through buffers, without whole-kernel copies.
 */
public final class WeightStandardization {
    static final double EPSILON = 1e-10;
    private static final String KERNEL_SUFFIX = "standardized_conv2d/kernel";
    private static final int CHUNK_FLOATS = 4096;

    private WeightStandardization() {
    }

    /** Whether the model standardizes the kernel of this name before its convolution. */
    public static boolean standardizes(String parameterName) {
        return parameterName.endsWith(KERNEL_SUFFIX);
    }

    /**
     * Writes the standardized kernel into {@code standardized} (floats {@code 0 .. raw.length} of
     * the buffer, e.g. the native array a convolution reads) and returns each column's
     * {@code 1 / sqrt(var + 1e-10)}, which {@link #backward} needs. Two passes over {@code raw}:
     * the statistics, then the values, written a few rows at a time through a small array.
     */
    public static double[] forward(float[] raw, int out, FloatBuffer standardized) {
        int fanIn = raw.length / out;
        // One pass for both moments, about each column's first value: sums of x - x0 and their
        // squares in float64 lose no digits that matter, since x0 lies within the column's spread.
        double[] shifted = new double[out];
        double[] squares = new double[out];
        for (int row = 0; row < fanIn; row++) {
            int offset = row * out;
            for (int col = 0; col < out; col++) {
                double d = (double) raw[offset + col] - raw[col];
                shifted[col] += d;
                squares[col] += d * d;
            }
        }
        double[] mean = new double[out];
        double[] inverseStd = new double[out];
        for (int col = 0; col < out; col++) {
            double shiftedMean = shifted[col] / fanIn;
            mean[col] = raw[col] + shiftedMean;
            double variance = Math.max(0, squares[col] / fanIn - shiftedMean * shiftedMean);
            inverseStd[col] = 1.0 / Math.sqrt(variance + EPSILON);
        }
        int rows = chunkRows(out);
        float[] chunk = new float[rows * out];
        for (int first = 0; first < fanIn; first += rows) {
            int count = Math.min(rows, fanIn - first);
            for (int row = 0; row < count; row++) {
                int offset = (first + row) * out;
                for (int col = 0; col < out; col++) {
                    chunk[row * out + col] = (float) ((raw[offset + col] - mean[col]) * inverseStd[col]);
                }
            }
            standardized.put(first * out, chunk, 0, count * out);
        }
        return inverseStd;
    }

    /**
     * The raw kernel's gradient, in a new row-major array, from the gradient of the standardized
     * kernel and the standardized kernel itself (floats {@code 0 .. length} of each buffer, read a
     * few rows at a time): {@code s * (g - mean(g) - w_hat * mean(g * w_hat))} per column, with
     * {@code s} the column's inverse standard deviation from {@link #forward} (the exact
     * derivative, epsilon included).
     */
    public static float[] backward(FloatBuffer gradient, FloatBuffer standardized, double[] inverseStd, int length) {
        int out = inverseStd.length;
        int fanIn = length / out;
        int rows = chunkRows(out);
        float[] g = new float[rows * out];
        float[] w = new float[rows * out];
        double[] gradientMean = new double[out];
        double[] projection = new double[out];
        for (int first = 0; first < fanIn; first += rows) {
            int count = Math.min(rows, fanIn - first);
            gradient.get(first * out, g, 0, count * out);
            standardized.get(first * out, w, 0, count * out);
            for (int row = 0; row < count; row++) {
                for (int col = 0; col < out; col++) {
                    float value = g[row * out + col];
                    gradientMean[col] += value;
                    projection[col] += (double) value * w[row * out + col];
                }
            }
        }
        for (int col = 0; col < out; col++) {
            gradientMean[col] /= fanIn;
            projection[col] /= fanIn;
        }
        float[] result = new float[length];
        for (int first = 0; first < fanIn; first += rows) {
            int count = Math.min(rows, fanIn - first);
            gradient.get(first * out, g, 0, count * out);
            standardized.get(first * out, w, 0, count * out);
            for (int row = 0; row < count; row++) {
                int offset = (first + row) * out;
                for (int col = 0; col < out; col++) {
                    double centered = g[row * out + col] - gradientMean[col]
                            - (double) w[row * out + col] * projection[col];
                    result[offset + col] = (float) (inverseStd[col] * centered);
                }
            }
        }
        return result;
    }

    /** Rows per chunk: about 16 KB of floats, at least one row. */
    private static int chunkRows(int out) {
        return Math.max(1, CHUNK_FLOATS / out);
    }
}
