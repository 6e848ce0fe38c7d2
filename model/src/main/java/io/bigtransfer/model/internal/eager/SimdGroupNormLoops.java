package io.bigtransfer.model.internal.eager;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GroupNormLoops} on 8-float vectors of the JDK's Vector API, eight channels of a pixel per
 * step; the channels past the last multiple of eight run the scalar loops' exact operations. The
 * sums keep eight channels' accumulators in a register along the run; the elementwise loops go
 * pixel by pixel, in memory order. Loaded by name only where the incubator module is present.
 */
final class SimdGroupNormLoops extends GroupNormLoops {
    private static final VectorSpecies<Float> FLOATS = Simd256.FLOATS;
    private static final int LANES = Simd256.LANES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    SimdGroupNormLoops() {
        Simd256.requireHardware();
    }

    @Override
    void shiftedSums(ByteBuffer x, int at, int pixels, int channels, float[] shift, float[] sums, float[] squares) {
        int vectorChannels = channels - channels % LANES;
        for (int c = 0; c < vectorChannels; c += LANES) {
            FloatVector k = FloatVector.fromArray(FLOATS, shift, c);
            FloatVector sum = FloatVector.fromArray(FLOATS, sums, c);
            FloatVector square = FloatVector.fromArray(FLOATS, squares, c);
            for (int p = 0, i = at + c; p < pixels; p++, i += channels) {
                FloatVector d = load(x, i).sub(k);
                sum = sum.add(d);
                square = square.add(d.mul(d));
            }
            sum.intoArray(sums, c);
            square.intoArray(squares, c);
        }
        for (int p = 0; p < pixels; p++) {
            for (int c = vectorChannels, i = at + p * channels + c; c < channels; c++, i++) {
                float d = x.getFloat(i << 2) - shift[c];
                sums[c] += d;
                squares[c] += d * d;
            }
        }
    }

    @Override
    void normalizeRelu(ByteBuffer x, ByteBuffer y, int at, int pixels, int channels, float[] mean, float[] scale,
                       float[] beta) {
        int vectorChannels = channels - channels % LANES;
        for (int p = 0; p < pixels; p++) {
            int pixel = at + p * channels;
            for (int c = 0; c < vectorChannels; c += LANES) {
                load(x, pixel + c).sub(FloatVector.fromArray(FLOATS, mean, c)).mul(FloatVector.fromArray(FLOATS, scale, c))
                        .add(FloatVector.fromArray(FLOATS, beta, c)).max(0f).intoByteBuffer(y, (pixel + c) << 2, ORDER);
            }
            for (int c = vectorChannels, i = pixel + c; c < channels; c++, i++) {
                y.putFloat(i << 2, Math.max(0f, (x.getFloat(i << 2) - mean[c]) * scale[c] + beta[c]));
            }
        }
    }

    @Override
    void gradientSums(ByteBuffer dz, ByteBuffer x, int at, int pixels, int channels, float[] mean, float[] scale,
                      float[] beta, float[] sumDy, float[] sumDyCentered) {
        int vectorChannels = channels - channels % LANES;
        for (int c = 0; c < vectorChannels; c += LANES) {
            FloatVector m = FloatVector.fromArray(FLOATS, mean, c);
            FloatVector s = FloatVector.fromArray(FLOATS, scale, c);
            FloatVector b = FloatVector.fromArray(FLOATS, beta, c);
            FloatVector dySum = FloatVector.fromArray(FLOATS, sumDy, c);
            FloatVector centeredSum = FloatVector.fromArray(FLOATS, sumDyCentered, c);
            for (int p = 0, i = at + c; p < pixels; p++, i += channels) {
                FloatVector centered = load(x, i).sub(m);
                FloatVector dy = reluGradient(load(dz, i), centered.mul(s).add(b));
                dySum = dySum.add(dy);
                centeredSum = centeredSum.add(dy.mul(centered));
            }
            dySum.intoArray(sumDy, c);
            centeredSum.intoArray(sumDyCentered, c);
        }
        for (int p = 0; p < pixels; p++) {
            for (int c = vectorChannels, i = at + p * channels + c; c < channels; c++, i++) {
                float centered = x.getFloat(i << 2) - mean[c];
                float dy = GroupNormLoops.reluGradient(dz.getFloat(i << 2), centered * scale[c] + beta[c]);
                sumDy[c] += dy;
                sumDyCentered[c] += dy * centered;
            }
        }
    }

    @Override
    void inputGradient(ByteBuffer dz, ByteBuffer x, ByteBuffer dx, ByteBuffer addend, int at, int pixels,
                       int channels, float[] mean, float[] scale, float[] beta, float[] centeredSlope, float[] shift) {
        int vectorChannels = channels - channels % LANES;
        for (int p = 0; p < pixels; p++) {
            int pixel = at + p * channels;
            for (int c = 0; c < vectorChannels; c += LANES) {
                int i = pixel + c;
                FloatVector centered = load(x, i).sub(FloatVector.fromArray(FLOATS, mean, c));
                FloatVector s = FloatVector.fromArray(FLOATS, scale, c);
                FloatVector dy = reluGradient(load(dz, i), centered.mul(s).add(FloatVector.fromArray(FLOATS, beta, c)));
                FloatVector value = dy.mul(s)
                        .sub(centered.mul(FloatVector.fromArray(FLOATS, centeredSlope, c)))
                        .sub(FloatVector.fromArray(FLOATS, shift, c));
                if (addend != null) {
                    value = value.add(load(addend, i));
                }
                value.intoByteBuffer(dx, i << 2, ORDER);
            }
            for (int c = vectorChannels, i = pixel + c; c < channels; c++, i++) {
                float centered = x.getFloat(i << 2) - mean[c];
                float dy = GroupNormLoops.reluGradient(dz.getFloat(i << 2), centered * scale[c] + beta[c]);
                float value = dy * scale[c] - centered * centeredSlope[c] - shift[c];
                dx.putFloat(i << 2, addend == null ? value : value + addend.getFloat(i << 2));
            }
        }
    }

    private static FloatVector load(ByteBuffer buffer, int floatIndex) {
        return FloatVector.fromByteBuffer(FLOATS, buffer, floatIndex << 2, ORDER);
    }

    /**
     * {@code dz} where {@code max(0, v)} is not 0, else +0: the lanes the scalar loops' bit mask
     * keeps (a NaN output included).
     */
    private static FloatVector reluGradient(FloatVector dz, FloatVector v) {
        VectorMask<Float> positive = v.max(0f).compare(VectorOperators.NE, 0f);
        return FloatVector.zero(FLOATS).blend(dz, positive);
    }
}
