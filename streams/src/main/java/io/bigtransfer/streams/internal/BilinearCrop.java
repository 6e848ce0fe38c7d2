package io.bigtransfer.streams.internal;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SourceBox;

/**
 * Cut, resize, crop, flip and normalize in one call; every transform's resize is this one. Only
 * the pixels of the crop window are interpolated, from the decoded image into float32 HWC: each
 * source row the window needs is interpolated along x once (two row buffers), and output rows
 * blend two of those, with no image-sized intermediate and no object per pixel. Interpolated
 * values are not rounded to u8 before normalizing.
 */
public final class BilinearCrop {
    private BilinearCrop() {
    }

    /** Writes {@code plan.height() * plan.width() * 3} floats into {@code out} from {@code offset}. */
    public static void render(RgbImage image, CropPlan plan, Normalization normalization, float[] out, int offset) {
        render(new DecodedImage(image, 1), plan, normalization, out, offset);
    }

    /**
     * As {@link #render(RgbImage, CropPlan, Normalization, float[], int)}, from an image decoded at a
     * reduced size; {@code plan} is in the full-size image's pixels, as for a full-size decode.
     */
    public static void render(DecodedImage decoded, CropPlan plan, Normalization normalization, float[] out,
                              int offset) {
        RgbImage image = decoded.image();
        int reduction = decoded.reduction();
        SourceBox box = plan.source();
        if (box.top() + box.height() > (long) image.height() * reduction
                || box.left() + box.width() > (long) image.width() * reduction) {
            throw new IllegalArgumentException(box + " does not fit in a " + image.width() + "x" + image.height()
                    + " image decoded at 1/" + reduction);
        }
        AxisTaps rows = AxisTaps.of(box.top(), box.height(), plan.resizedHeight(), plan.top(), plan.height(), false,
                reduction, image.height());
        AxisTaps cols = AxisTaps.of(box.left(), box.width(), plan.resizedWidth(), plan.left(), plan.width(),
                plan.flip(), reduction, image.width());
        int rowLength = plan.width() * 3;
        // (v / 255 - mean) / std == v * scale + bias: one multiply-add per value, with scale and
        // bias spelled out per value of a row so that the vertical blend runs over plain arrays at
        // one index. The JIT turns such a loop into SIMD, but not one that writes at an offset into
        // the output, hence the blended row goes to a buffer first and is then copied.
        float[] scale = new float[rowLength];
        float[] bias = new float[rowLength];
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        for (int i = 0; i < rowLength; i++) {
            int c = i % 3;
            scale[i] = 1f / (255f * std[c]);
            bias[i] = -mean[c] / std[c];
        }
        byte[] px = image.pixels();
        int stride = image.width() * 3;
        // Separable: each source row the window needs is interpolated along x once, into one of two
        // row buffers; output rows then blend two of them. The same float operations as the
        // direct 2x2 form, in the same order, so the values are the same.
        RowCache cache = new RowCache(rowLength);
        float[] blended = new float[rowLength];
        for (int y = 0; y < plan.height(); y++) {
            float[] upper = cache.row(rows.lo[y], -1, px, stride, cols);
            float[] lower = cache.row(rows.hi[y], rows.lo[y], px, stride, cols);
            float wy = rows.weight[y];
            for (int i = 0; i < rowLength; i++) {
                blended[i] = (upper[i] + (lower[i] - upper[i]) * wy) * scale[i] + bias[i];
            }
            System.arraycopy(blended, 0, out, offset + y * rowLength, rowLength);
        }
    }

    /** Two source rows interpolated along x, kept while consecutive output rows share them. */
    private static final class RowCache {
        private final float[][] values;
        private final int[] sourceRow = {-1, -1};

        RowCache(int rowLength) {
            values = new float[2][rowLength];
        }

        /** Source row {@code row} along x; the slot holding {@code keep} is not overwritten. */
        float[] row(int row, int keep, byte[] px, int stride, AxisTaps cols) {
            for (int slot = 0; slot < 2; slot++) {
                if (sourceRow[slot] == row) {
                    return values[slot];
                }
            }
            int slot = sourceRow[0] == keep ? 1 : 0;
            interpolate(px, row * stride, cols, values[slot]);
            sourceRow[slot] = row;
            return values[slot];
        }

        private static void interpolate(byte[] px, int rowStart, AxisTaps cols, float[] into) {
            for (int x = 0, i = 0; x < cols.lo.length; x++, i += 3) {
                int left = rowStart + cols.lo[x] * 3;
                int right = rowStart + cols.hi[x] * 3;
                float wx = cols.weight[x];
                for (int c = 0; c < 3; c++) {
                    float p0 = px[left + c] & 0xFF;
                    float p1 = px[right + c] & 0xFF;
                    into[i + c] = p0 + (p1 - p0) * wx;
                }
            }
        }
    }
}
