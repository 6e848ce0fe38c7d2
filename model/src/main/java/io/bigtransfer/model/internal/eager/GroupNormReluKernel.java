package io.bigtransfer.model.internal.eager;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@code relu(group_norm(x))} and its backward pass for one NHWC image, in plain Java: channels
 * split into {@code groups} consecutive groups, each normalized over (H, W, its channels) with the
 * biased variance and epsilon 1e-5, then scaled by gamma and shifted by beta per channel.
 * Statistics and gradient sums accumulate per channel in float over each pixel row, then in float64
 * over the rows and the group's channels; the elementwise work is float32. Two passes over the image
 * each way ({@link GroupNormLoops}, SIMD where the JVM has the Vector API), instead of the dozens
 * of broadcasting tensor ops the same math takes in a graph.
 *
 * <p>Backward, per group, with {@code c = x - mean}, {@code r = 1/sqrt(var + eps)}, {@code dy} the
 * output gradient where the output is positive (ReLU's gradient; 0 at exactly 0, as in PyTorch) and
 * means over the group's H*W*C/G values:
 * <pre>
 *   dx     = (r gamma) dy - r^3 mean(gamma dy c) c - r mean(gamma dy)
 *   dgamma = sum r dy c,   dbeta = sum dy
 * </pre>
 * the exact derivative, epsilon included.
 */
final class GroupNormReluKernel {
    static final double EPSILON = 1e-5;
    private final int height;
    private final int width;
    private final int channels;
    private final int groups;
    private final int perGroup;
    private final GroupNormLoops loops;

    GroupNormReluKernel(int height, int width, int channels, int groups, GroupNormLoops loops) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.groups = groups;
        this.perGroup = channels / groups;
        this.loops = loops;
    }

    /**
     * Writes image {@code image} of {@code y} from that of {@code x}, and its per-group mean and
     * {@code 1/sqrt(var + eps)} into {@code mean} and {@code inverse} at {@code image * groups}.
     */
    void forward(ByteBuffer x, ByteBuffer y, int image, float[] gamma, float[] beta, double[] mean,
                 double[] inverse) {
        int base = image * height * width * channels;
        // One pass for both moments, about each channel's mean over the first pixel row. The float
        // sums of x - shift cancel by the square of the shift's distance from the channel's mean,
        // in standard deviations: a single pixel may be an outlier, a row's mean hardly.
        float[] shift = new float[channels];
        for (int w = 0; w < width; w++) {
            for (int c = 0; c < channels; c++) {
                shift[c] += x.getFloat((base + w * channels + c) << 2);
            }
        }
        for (int c = 0; c < channels; c++) {
            shift[c] /= width;
        }
        double[] squares = new double[channels];
        double[] sums = rowSums(base, (at, run, second) -> loops.shiftedSums(x, at, width, channels, shift, run,
                second), squares);
        double pixels = (double) height * width;
        double count = pixels * perGroup;
        float[] channelMean = new float[channels];
        float[] scale = new float[channels];
        for (int g = 0; g < groups; g++) {
            double total = 0;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                total += sums[c] + pixels * shift[c];
            }
            double groupMean = total / count;
            // sum over the group of (x - mean)^2, from each channel's moments about its shift.
            double centered = 0;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                double offset = shift[c] - groupMean;
                centered += squares[c] + 2 * offset * sums[c] + pixels * offset * offset;
            }
            double r = 1.0 / Math.sqrt(Math.max(0, centered / count) + EPSILON);
            mean[image * groups + g] = groupMean;
            inverse[image * groups + g] = r;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                channelMean[c] = (float) groupMean;
                scale[c] = (float) (r * gamma[c]);
            }
        }
        loops.normalizeRelu(x, y, base, height * width, channels, channelMean, scale, beta);
    }

    /**
     * Writes image {@code image} of {@code dx} from the output gradient {@code dz}, the forward
     * pass's {@code x}, mean and inverse (and the same gamma and beta); adds {@code addend} (may be
     * null) to it, and this image's dgamma and dbeta to row {@code image} of {@code gammaGradients}
     * and {@code betaGradients} ([images, C]). Where the output was positive is recomputed from
     * {@code x}, bit for bit ({@link GroupNormLoops#gradientSums}).
     */
    void backward(ByteBuffer dz, ByteBuffer x, ByteBuffer dx, ByteBuffer addend, int image, float[] gamma,
                  float[] beta, double[] mean, double[] inverse, double[][] gammaGradients,
                  double[][] betaGradients) {
        int base = image * height * width * channels;
        float[] channelMean = new float[channels];
        for (int c = 0; c < channels; c++) {
            channelMean[c] = (float) mean[image * groups + c / perGroup];
        }
        // The forward pass's scale, computed the same way, so that the recomputed outputs are its own.
        float[] scale = new float[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = (float) (inverse[image * groups + c / perGroup] * gamma[c]);
        }
        double[] sumDyCentered = new double[channels];
        double[] sumDy = rowSums(base, (at, run, second) -> loops.gradientSums(dz, x, at, width, channels,
                channelMean, scale, beta, run, second), sumDyCentered);
        double count = (double) height * width * perGroup;
        float[] centeredSlope = new float[channels];
        float[] shift = new float[channels];
        double[] gammaGradient = gammaGradients[image];
        double[] betaGradient = betaGradients[image];
        for (int g = 0; g < groups; g++) {
            double r = inverse[image * groups + g];
            double meanGammaDy = 0;
            double meanGammaDyCentered = 0;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                meanGammaDy += gamma[c] * sumDy[c];
                meanGammaDyCentered += gamma[c] * sumDyCentered[c];
                gammaGradient[c] = r * sumDyCentered[c];
                betaGradient[c] = sumDy[c];
            }
            meanGammaDy /= count;
            meanGammaDyCentered /= count;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                centeredSlope[c] = (float) (r * r * r * meanGammaDyCentered);
                shift[c] = (float) (r * meanGammaDy);
            }
        }
        loops.inputGradient(dz, x, dx, addend, base, height * width, channels, channelMean, scale, beta, centeredSlope,
                shift);
    }

    /** A loop that adds the pixel row at float index {@code at} into per-channel float sums (one or two sets). */
    private interface RowLoop {
        void run(int at, float[] sums, float[] secondSums);
    }

    /**
     * Per-channel sums over the image in two levels: float over each pixel row, float64 over the
     * rows. A float sum of all H*W values of a channel loses digits with the count; a row's is short.
     * The second set of sums, where {@code second} is not null, goes there.
     */
    private double[] rowSums(int base, RowLoop loop, double[] second) {
        double[] sums = new double[channels];
        float[] row = new float[channels];
        float[] secondRow = new float[channels];
        for (int h = 0; h < height; h++) {
            Arrays.fill(row, 0f);
            Arrays.fill(secondRow, 0f);
            loop.run(base + h * width * channels, row, secondRow);
            for (int c = 0; c < channels; c++) {
                sums[c] += row[c];
                if (second != null) {
                    second[c] += secondRow[c];
                }
            }
        }
        return sums;
    }
}
