package io.bigtransfer.model.internal.eager;

import java.nio.FloatBuffer;

/**
 * The root block's pooling for one NHWC image: zero padding of 1 on every side, then a 3x3 max pool
 * of stride 2 without further padding (the padded zeros take part in the max, as in BiT). The
 * forward pass records where each maximum came from (the first in scan order on ties, or -1 for a
 * padded zero), and the backward pass sends each output's gradient there.
 */
final class RootPool {
    private final Activation input;
    private final Activation output;
    /** Per output value of the batch, the index of its maximum within its input image, or -1. */
    private int[] sources;

    RootPool(Activation input, Activation output, int capacity) {
        this.input = input;
        this.output = output;
        if (output.height != (input.height + 1) / 2 || output.width != (input.width + 1) / 2
                || output.channels != input.channels) {
            throw new IllegalArgumentException("the root pool maps " + input.height + "x" + input.width + " to "
                    + (input.height + 1) / 2 + "x" + (input.width + 1) / 2);
        }
        sources = new int[capacity * output.imageSize()];
    }

    void forward(int image) {
        FloatBuffer in = input.data;
        FloatBuffer out = output.data;
        int channels = input.channels;
        int inBase = image * input.imageSize();
        int outIndex = image * output.imageSize();
        for (int i = 0; i < output.height; i++) {
            for (int j = 0; j < output.width; j++) {
                for (int c = 0; c < channels; c++, outIndex++) {
                    float max = Float.NEGATIVE_INFINITY;
                    int source = -1;
                    // Window rows 2i-1 .. 2i+1 of the input (rows 2i .. 2i+2 of the padded input).
                    for (int r = 2 * i - 1; r <= 2 * i + 1; r++) {
                        for (int s = 2 * j - 1; s <= 2 * j + 1; s++) {
                            boolean inside = r >= 0 && r < input.height && s >= 0 && s < input.width;
                            int at = inside ? (r * input.width + s) * channels + c : -1;
                            float value = inside ? in.get(inBase + at) : 0f;
                            if (value > max) {
                                max = value;
                                source = at;
                            }
                        }
                    }
                    out.put(outIndex, max);
                    sources[outIndex] = source;
                }
            }
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
