package io.bigtransfer.model.internal.eager;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * The root block's pooling for one NHWC image: zero padding of 1 on every side, then a 3x3 max pool
 * of stride 2 without further padding (the padded zeros take part in the max, as in BiT). The
 * forward pass records where each maximum came from (the first in scan order on ties, or -1 for a
 * padded zero), and the backward pass sends each output's gradient there.
 */
final class RootPool {
    private final Activation input;
    private final Activation output;
    private final MaxPoolLoops loops;
    /** Per output value of the batch, the index of its maximum within its input image, or -1. */
    private final int[] sources;

    RootPool(Activation input, Activation output, int capacity) {
        this(input, output, capacity, MaxPoolLoops.fastest());
    }

    RootPool(Activation input, Activation output, int capacity, MaxPoolLoops loops) {
        this.input = input;
        this.output = output;
        this.loops = loops;
        if (output.height != (input.height + 1) / 2 || output.width != (input.width + 1) / 2
                || output.channels != input.channels) {
            throw new IllegalArgumentException("the root pool maps " + input.height + "x" + input.width + " to "
                    + (input.height + 1) / 2 + "x" + (input.width + 1) / 2);
        }
        sources = new int[capacity * output.imageSize()];
    }

    void forward(int image) {
        int channels = input.channels;
        int rowSize = input.width * channels;
        int inBase = image * input.imageSize();
        // The window's three input rows, copied out of the native buffer for the loops.
        float[][] rows = new float[3][rowSize];
        float[] max = new float[output.width * channels];
        int[] source = new int[output.width * channels];
        for (int i = 0; i < output.height; i++) {
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            Arrays.fill(source, -1);
            // Window rows 2i-1 .. 2i+1 of the input (rows 2i .. 2i+2 of the padded input), in scan order.
            for (int k = 0; k < 3; k++) {
                int r = 2 * i - 1 + k;
                boolean rowInside = r >= 0 && r < input.height;
                if (rowInside) {
                    input.data.get(inBase + r * rowSize, rows[k], 0, rowSize);
                }
                for (int j = 0; j < output.width; j++) {
                    for (int s = 2 * j - 1; s <= 2 * j + 1; s++) {
                        if (rowInside && s >= 0 && s < input.width) {
                            loops.takeLarger(rows[k], s * channels, max, source, j * channels,
                                    r * rowSize + s * channels, channels);
                        } else {
                            loops.takeZero(max, source, j * channels, channels);
                        }
                    }
                }
            }
            int outIndex = image * output.imageSize() + i * output.width * channels;
            output.data.put(outIndex, max, 0, max.length);
            System.arraycopy(source, 0, sources, outIndex, source.length);
        }
    }

    /** Writes image {@code image} of {@code inputGradient} from that of {@code outputGradient}. */
    void backward(Activation outputGradient, Activation inputGradient, int image) {
        FloatBuffer dOut = outputGradient.data;
        FloatBuffer dIn = inputGradient.data;
        int inBase = image * input.imageSize();
        for (int k = 0; k < input.imageSize(); k++) {
            dIn.put(inBase + k, 0f);
        }
        int outBase = image * output.imageSize();
        for (int k = outBase; k < outBase + output.imageSize(); k++) {
            if (sources[k] >= 0) {
                dIn.put(inBase + sources[k], dIn.get(inBase + sources[k]) + dOut.get(k));
            }
        }
    }
}
