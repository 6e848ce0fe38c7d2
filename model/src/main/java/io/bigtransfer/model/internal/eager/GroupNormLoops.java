package io.bigtransfer.model.internal.eager;

import java.nio.ByteBuffer;

/**
 * The inner loops of {@link GroupNormReluKernel}, each over a run of {@code pixels} consecutive
 * NHWC pixels of {@code channels} floats starting at float index {@code at} of native-order byte
 * buffers, with per-channel arrays indexed by channel. Sums accumulate in float over the run, in
 * pixel order; the kernel adds each run's sums into float64. Every implementation computes the same
 * float operations in the same order (each rounded, never fused), so they give the same bits and a
 * run does not depend on which one a machine uses.
 */
abstract class GroupNormLoops {
    private static final GroupNormLoops SCALAR = new Scalar();
    private static final GroupNormLoops FASTEST = VectorLoops.fastest(GroupNormLoops.class, "SimdGroupNormLoops",
            SCALAR, "group norm");

    /** {@code sums[c] += d} and {@code squares[c] += d * d} with {@code d = x - shift[c]}, over the run. */
    abstract void shiftedSums(ByteBuffer x, int at, int pixels, int channels, float[] shift, float[] sums,
                              float[] squares);

    /** {@code y = max(0, (x - mean[c]) * scale[c] + beta[c])} over the run. */
    abstract void normalizeRelu(ByteBuffer x, ByteBuffer y, int at, int pixels, int channels, float[] mean,
                                float[] scale, float[] beta);

    /**
     * With {@code dy} = {@code dz} where the forward pass's output was positive, else 0 (ReLU's
     * gradient): {@code sumDy[c] += dy} and {@code sumDyCentered[c] += dy * (x - mean[c])}, over the
     * run. The output is recomputed from {@code x}, {@code scale} and {@code beta} with the very
     * float operations of {@link #normalizeRelu}, so its sign is the same bit for bit, and the
     * output itself need not be read again.
     */
    abstract void gradientSums(ByteBuffer dz, ByteBuffer x, int at, int pixels, int channels, float[] mean,
                               float[] scale, float[] beta, float[] sumDy, float[] sumDyCentered);

    /**
     * {@code dx = dy * scale[c] - (x - mean[c]) * centeredSlope[c] - shift[c]}, plus {@code addend}
     * unless it is null, with {@code dy} as in {@link #gradientSums}, over the run.
     */
    abstract void inputGradient(ByteBuffer dz, ByteBuffer x, ByteBuffer dx, ByteBuffer addend, int at, int pixels,
                                int channels, float[] mean, float[] scale, float[] beta, float[] centeredSlope,
                                float[] shift);

    /** The plain Java loops: every JVM has them. */
    static GroupNormLoops scalar() {
        return SCALAR;
    }

    /**
     * SIMD loops through the JDK's Vector API where this JVM was started with
     * {@code --add-modules jdk.incubator.vector} (bin/bit and the tests do) and has 256-bit float
     * vectors (AVX2); else {@link #scalar()}.
     */
    static GroupNormLoops fastest() {
        return FASTEST;
    }

    /**
     * {@code dz} where the ReLU's output {@code max(0, v)} is positive, else 0, without a branch:
     * about half the outputs are 0, in no pattern a branch predictor could learn. The output is never
     * negative nor -0, so it is positive exactly when its bits are not all 0.
     */
    static float reluGradient(float dz, float v) {
        int bits = Float.floatToRawIntBits(Math.max(0f, v));
        int positive = (bits | -bits) >> 31;
        return Float.intBitsToFloat(Float.floatToRawIntBits(dz) & positive);
    }

    private static final class Scalar extends GroupNormLoops {
        @Override
        void shiftedSums(ByteBuffer x, int at, int pixels, int channels, float[] shift, float[] sums,
                         float[] squares) {
            for (int p = 0, i = at; p < pixels; p++) {
                for (int c = 0; c < channels; c++, i++) {
                    float d = x.getFloat(i << 2) - shift[c];
                    sums[c] += d;
                    squares[c] += d * d;
                }
            }
        }

        @Override
        void normalizeRelu(ByteBuffer x, ByteBuffer y, int at, int pixels, int channels, float[] mean, float[] scale,
                           float[] beta) {
            for (int p = 0, i = at; p < pixels; p++) {
                for (int c = 0; c < channels; c++, i++) {
                    y.putFloat(i << 2, Math.max(0f, (x.getFloat(i << 2) - mean[c]) * scale[c] + beta[c]));
                }
            }
        }

        @Override
        void gradientSums(ByteBuffer dz, ByteBuffer x, int at, int pixels, int channels, float[] mean, float[] scale,
                          float[] beta, float[] sumDy, float[] sumDyCentered) {
            for (int p = 0, i = at; p < pixels; p++) {
                for (int c = 0; c < channels; c++, i++) {
                    float centered = x.getFloat(i << 2) - mean[c];
                    float dy = reluGradient(dz.getFloat(i << 2), centered * scale[c] + beta[c]);
                    sumDy[c] += dy;
                    sumDyCentered[c] += dy * centered;
                }
            }
        }

        @Override
        void inputGradient(ByteBuffer dz, ByteBuffer x, ByteBuffer dx, ByteBuffer addend, int at, int pixels,
                           int channels, float[] mean, float[] scale, float[] beta, float[] centeredSlope,
                           float[] shift) {
            for (int p = 0, i = at; p < pixels; p++) {
                for (int c = 0; c < channels; c++, i++) {
                    float centered = x.getFloat(i << 2) - mean[c];
                    float dy = reluGradient(dz.getFloat(i << 2), centered * scale[c] + beta[c]);
                    float value = dy * scale[c] - centered * centeredSlope[c] - shift[c];
                    dx.putFloat(i << 2, addend == null ? value : value + addend.getFloat(i << 2));
                }
            }
        }
    }
}
