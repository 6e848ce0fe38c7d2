package io.bigtransfer.streams.internal;

/**
 * Bilinear taps along one axis: output i reads source pixels {@code lo[i]} and {@code hi[i]},
 * weighting {@code hi[i]} by {@code weight[i]}.
 *
 * <p>Half-pixel centers, as OpenCV's INTER_LINEAR, PIL and TensorFlow's resize do: resized pixel r
 * sits at box coordinate (r + 0.5) * box / resized - 0.5, clamped to the box's first and last
 * pixel, so a box is resized as if it had been cut out first (TensorFlow's crop-then-resize). No
 * antialiasing when shrinking (BiT's downstream resize shrinks little).
 */
final class AxisTaps {
    final int[] lo;
    final int[] hi;
    final float[] weight;

    private AxisTaps(int count) {
        lo = new int[count];
        hi = new int[count];
        weight = new float[count];
    }

    /**
     * Taps for outputs {@code start .. start + count - 1} of a resize of the source pixels
     * {@code [boxStart, boxStart + box)} to {@code resized}, listed in reverse when {@code mirror}
     * (that is the flip).
     */
    static AxisTaps of(int boxStart, int box, int resized, int start, int count, boolean mirror) {
        AxisTaps taps = new AxisTaps(count);
        double scale = (double) box / resized;
        for (int i = 0; i < count; i++) {
            int r = start + (mirror ? count - 1 - i : i);
            double s = Math.max(0.0, (r + 0.5) * scale - 0.5);
            int below = (int) s;
            if (below >= box - 1) {
                taps.lo[i] = boxStart + box - 1;
                taps.hi[i] = boxStart + box - 1;
            } else {
                taps.lo[i] = boxStart + below;
                taps.hi[i] = boxStart + below + 1;
                taps.weight[i] = (float) (s - below);
            }
        }
        return taps;
    }
}
