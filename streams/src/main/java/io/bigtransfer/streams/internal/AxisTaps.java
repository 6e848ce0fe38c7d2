package io.bigtransfer.streams.internal;

/**
 * Bilinear taps along one axis: output i reads decoded pixels {@code lo[i]} and {@code hi[i]},
 * weighting {@code hi[i]} by {@code weight[i]}.
 *
 * <p>Half-pixel centers, as OpenCV's INTER_LINEAR, PIL and TensorFlow's resize do: resized pixel r
 * sits at box coordinate (r + 0.5) * box / resized - 0.5, clamped to the box's first and last
 * pixel, so a box is resized as if it had been cut out first (TensorFlow's crop-then-resize). No
 * antialiasing when shrinking (BiT's downstream resize shrinks little).
 *
 * <p>From an image decoded at 1/d of its size, the same full-size coordinate x is read at decoded
 * coordinate (x + 0.5) / d - 0.5 (decoded pixel i stands for full pixels [i*d, (i+1)*d), centred
 * at i*d + (d-1)/2), clamped to the decoded image. The box's own edges then fall inside decoded
 * pixels, so up to half a decoded pixel beyond the box can blend in.
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
     * Taps for outputs {@code start .. start + count - 1} of a resize of the full-size pixels
     * {@code [boxStart, boxStart + box)} to {@code resized}, listed in reverse when {@code mirror}
     * (that is the flip), read from an image decoded at 1/{@code reduction} of its size that has
     * {@code extent} pixels along this axis.
     */
    static AxisTaps of(int boxStart, int box, int resized, int start, int count, boolean mirror, int reduction,
                       int extent) {
        AxisTaps taps = new AxisTaps(count);
        double scale = (double) box / resized;
        for (int i = 0; i < count; i++) {
            int r = start + (mirror ? count - 1 - i : i);
            double inBox = Math.min(Math.max(0.0, (r + 0.5) * scale - 0.5), box - 1);
            if (reduction == 1) {
                taps.set(i, boxStart, inBox, box);
            } else {
                double decoded = (boxStart + inBox + 0.5) / reduction - 0.5;
                taps.set(i, 0, Math.min(Math.max(0.0, decoded), extent - 1), extent);
            }
        }
        return taps;
    }

    /** Tap {@code i} at coordinate {@code s} (>= 0) of the {@code size} pixels from {@code first}. */
    private void set(int i, int first, double s, int size) {
        int below = (int) s;
        if (below >= size - 1) {
            lo[i] = first + size - 1;
            hi[i] = first + size - 1;
        } else {
            lo[i] = first + below;
            hi[i] = first + below + 1;
            weight[i] = (float) (s - below);
        }
    }
}
