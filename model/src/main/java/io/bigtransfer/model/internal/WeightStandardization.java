package io.bigtransfer.model.internal;

/**
 * BiT's Weight Standardization of a kernel and its backward pass, on plain row-major
 * [fan-in, out] arrays (an HWIO kernel's data, read as one column per output filter):
 * {@code w_hat = (w - mean) / sqrt(var + 1e-10)} per column, with the biased variance. It runs
 * outside the SameDiff graph, once per parameter version, because in the graph its backward took
 * about a quarter of R50x1's training step (docs/speed.md): ND4J's broadcasting backward ops
 * ({@code multiply_bp}, {@code reduce_mean_bp}) tile every kernel several times over. Statistics
 * accumulate in float64.
 */
public final class WeightStandardization {
    static final double EPSILON = 1e-10;
    private static final String KERNEL_SUFFIX = "standardized_conv2d/kernel";

    private WeightStandardization() {
    }

    /** Whether the model standardizes the kernel of this name before its convolution. */
    public static boolean standardizes(String parameterName) {
        return parameterName.endsWith(KERNEL_SUFFIX);
    }

    /**
     * Writes the standardized kernel into {@code standardized} (which may be {@code raw}) and
     * returns each column's {@code 1 / sqrt(var + 1e-10)}, which {@link #backward} needs.
     */
    public static double[] forward(float[] raw, int out, float[] standardized) {
        int fanIn = raw.length / out;
        double[] mean = new double[out];
        for (int row = 0; row < fanIn; row++) {
            int offset = row * out;
            for (int col = 0; col < out; col++) {
                mean[col] += raw[offset + col];
            }
        }
        for (int col = 0; col < out; col++) {
            mean[col] /= fanIn;
        }
        // Two passes (mean, then squared deviations): a single-pass variance loses digits.
        double[] variance = new double[out];
        for (int row = 0; row < fanIn; row++) {
            int offset = row * out;
            for (int col = 0; col < out; col++) {
                double centered = raw[offset + col] - mean[col];
                variance[col] += centered * centered;
            }
        }
        double[] inverseStd = new double[out];
        for (int col = 0; col < out; col++) {
            inverseStd[col] = 1.0 / Math.sqrt(variance[col] / fanIn + EPSILON);
        }
        for (int row = 0; row < fanIn; row++) {
            int offset = row * out;
            for (int col = 0; col < out; col++) {
                standardized[offset + col] = (float) ((raw[offset + col] - mean[col]) * inverseStd[col]);
            }
        }
        return inverseStd;
    }

    /**
     * Turns the gradient of the standardized kernel into the raw kernel's gradient, in place:
     * {@code s * (g - mean(g) - w_hat * mean(g * w_hat))} per column, with {@code s} the column's
     * inverse standard deviation from {@link #forward} (the exact derivative, epsilon included).
     */
    public static void backward(float[] gradient, float[] standardized, double[] inverseStd) {
        int out = inverseStd.length;
        int fanIn = gradient.length / out;
        double[] gradientMean = new double[out];
        double[] projection = new double[out];
        for (int row = 0; row < fanIn; row++) {
            int offset = row * out;
            for (int col = 0; col < out; col++) {
                float g = gradient[offset + col];
                gradientMean[col] += g;
                projection[col] += (double) g * standardized[offset + col];
            }
        }
        for (int col = 0; col < out; col++) {
            gradientMean[col] /= fanIn;
            projection[col] /= fanIn;
        }
        for (int row = 0; row < fanIn; row++) {
            int offset = row * out;
            for (int col = 0; col < out; col++) {
                double centered = gradient[offset + col] - gradientMean[col]
                        - (double) standardized[offset + col] * projection[col];
                gradient[offset + col] = (float) (inverseStd[col] * centered);
            }
        }
    }
}
