package io.bigtransfer.model.internal.eager;

import java.nio.FloatBuffer;

/**
 * {@code relu(group_norm(x))} and its backward pass for one NHWC image, in plain Java: channels
 * split into {@code groups} consecutive groups, each normalized over (H, W, its channels) with the
 * biased variance and epsilon 1e-5, then scaled by gamma and shifted by beta per channel.
 * Statistics and gradient sums accumulate in float64, per channel over the pixels and then over the
 * group's channels; the elementwise work is float32. Two passes over the image each way, instead
 * of the dozens of broadcasting tensor ops the same math takes in a graph.
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
    private final int pixels;
    private final int channels;
    private final int groups;
    private final int perGroup;

    GroupNormReluKernel(int pixels, int channels, int groups) {
        if (channels % groups != 0) {
            throw new IllegalArgumentException(channels + " channels do not split into " + groups + " groups");
        }
        this.pixels = pixels;
        this.channels = channels;
        this.groups = groups;
        this.perGroup = channels / groups;
    }

    /**
     * Writes image {@code image} of {@code y} from that of {@code x}, and its per-group mean and
     * {@code 1/sqrt(var + eps)} into {@code mean} and {@code inverse} at {@code image * groups}.
     */
    void forward(FloatBuffer x, FloatBuffer y, int image, float[] gamma, float[] beta, double[] mean,
                 double[] inverse) {
        int base = image * pixels * channels;
        double[] channelSums = new double[channels];
        for (int p = 0, i = base; p < pixels; p++) {
            for (int c = 0; c < channels; c++, i++) {
                channelSums[c] += x.get(i);
            }
        }
        double count = (double) pixels * perGroup;
        float[] channelMean = new float[channels];
        double[] channelMeanExact = new double[channels];
        for (int g = 0; g < groups; g++) {
            mean[image * groups + g] = groupSum(channelSums, g) / count;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                channelMean[c] = (float) mean[image * groups + g];
                channelMeanExact[c] = mean[image * groups + g];
            }
        }
        // Squared deviations from the mean, a second pass: one-pass variance loses digits.
        double[] squares = new double[channels];
        for (int p = 0, i = base; p < pixels; p++) {
            for (int c = 0; c < channels; c++, i++) {
                double centered = x.get(i) - channelMeanExact[c];
                squares[c] += centered * centered;
            }
        }
        float[] scale = new float[channels];
        for (int g = 0; g < groups; g++) {
            double r = 1.0 / Math.sqrt(groupSum(squares, g) / count + EPSILON);
            inverse[image * groups + g] = r;
            for (int c = g * perGroup; c < (g + 1) * perGroup; c++) {
                scale[c] = (float) (r * gamma[c]);
            }
        }
        for (int p = 0, i = base; p < pixels; p++) {
            for (int c = 0; c < channels; c++, i++) {
                y.put(i, Math.max(0f, (x.get(i) - channelMean[c]) * scale[c] + beta[c]));
            }
        }
    }

    /**
     * Writes image {@code image} of {@code dx} from the output gradient {@code dz}, the forward
     * pass's {@code x}, {@code y}, mean and inverse; adds {@code addend} (may be null) to it, and
     * this image's dgamma and dbeta to row {@code image} of {@code gammaGradients} and {@code
     * betaGradients} ([images, C]).
     */
    void backward(FloatBuffer dz, FloatBuffer x, FloatBuffer y, FloatBuffer dx, FloatBuffer addend, int image,
                  float[] gamma, double[] mean, double[] inverse, double[][] gammaGradients,
                  double[][] betaGradients) {
        int base = image * pixels * channels;
        float[] channelMean = new float[channels];
        for (int c = 0; c < channels; c++) {
            channelMean[c] = (float) mean[image * groups + c / perGroup];
        }
        double[] sumDy = new double[channels];
        double[] sumDyCentered = new double[channels];
        for (int p = 0, i = base; p < pixels; p++) {
            for (int c = 0; c < channels; c++, i++) {
                float dy = reluGradient(dz.get(i), y.get(i));
                sumDy[c] += dy;
                sumDyCentered[c] += dy * (double) (x.get(i) - channelMean[c]);
            }
        }
        double count = (double) pixels * perGroup;
        float[] slope = new float[channels];
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
                slope[c] = (float) (r * gamma[c]);
                centeredSlope[c] = (float) (r * r * r * meanGammaDyCentered);
                shift[c] = (float) (r * meanGammaDy);
            }
        }
        for (int p = 0, i = base; p < pixels; p++) {
            for (int c = 0; c < channels; c++, i++) {
                float dy = reluGradient(dz.get(i), y.get(i));
                float value = dy * slope[c] - (x.get(i) - channelMean[c]) * centeredSlope[c] - shift[c];
                dx.put(i, addend == null ? value : value + addend.get(i));
            }
        }
    }

    /**
     * {@code dz} where the ReLU's output {@code y} is positive, else 0, without a branch: about half
     * the outputs are 0, in no pattern a branch predictor could learn. {@code y} is never negative
     * nor -0 ({@code Math.max(0f, v)}), so it is positive exactly when its bits are not all 0.
     */
    private static float reluGradient(float dz, float y) {
        int bits = Float.floatToRawIntBits(y);
        int positive = (bits | -bits) >> 31;
        return Float.intBitsToFloat(Float.floatToRawIntBits(dz) & positive);
    }

    private double groupSum(double[] perChannel, int group) {
        double sum = 0;
        for (int c = group * perGroup; c < (group + 1) * perGroup; c++) {
            sum += perChannel[c];
        }
        return sum;
    }
}
