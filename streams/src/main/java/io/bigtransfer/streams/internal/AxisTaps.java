package io.bigtransfer.streams.internal;

/**
 * Bilinear taps along one axis: output i reads source pixels {@code lo[i]} and {@code hi[i]},
 * weighting {@code hi[i]} by {@code weight[i]}.
 *
 * <p>Half-pixel centers, as OpenCV's INTER_LINEAR and PIL do: resized pixel r sits at source
 * coordinate (r + 0.5) * source / resized - 0.5, clamped to the first and last pixel. No
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
     * Taps for outputs {@code start .. start + count - 1} of a {@code source -> resized} resize,
     * listed in reverse when {@code mirror} (that is the flip).
     */
    static AxisTaps of(int source, int resized, int start, int count, boolean mirror) {
        AxisTaps taps = new AxisTaps(count);
        double scale = (double) source / resized;
        for (int i = 0; i < count; i++) {
            int r = start + (mirror ? count - 1 - i : i);
            double s = Math.max(0.0, (r + 0.5) * scale - 0.5);
            int below = (int) s;
            if (below >= source - 1) {
                taps.lo[i] = source - 1;
                taps.hi[i] = source - 1;
            } else {
                taps.lo[i] = below;
                taps.hi[i] = below + 1;
                taps.weight[i] = (float) (s - below);
            }
        }
        return taps;
    }
}
