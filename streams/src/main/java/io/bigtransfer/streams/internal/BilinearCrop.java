package io.bigtransfer.streams.internal;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SourceBox;

/**
 * Cut, resize, crop, flip and normalize in one pass; every transform's resize is this one. Only
 * the pixels of the crop window are interpolated, straight from the decoded image into float32
 * HWC, with no intermediate image and no object per pixel. Interpolated values are not rounded to
 * u8 before normalizing.
 */
public final class BilinearCrop {
    private BilinearCrop() {
    }

    /** Writes {@code plan.height() * plan.width() * 3} floats into {@code out} from {@code offset}. */
    public static void render(RgbImage image, CropPlan plan, Normalization normalization, float[] out, int offset) {
        SourceBox box = plan.source();
        if (box.top() + box.height() > image.height() || box.left() + box.width() > image.width()) {
            throw new IllegalArgumentException(box + " does not fit in a " + image.width() + "x" + image.height()
                    + " image");
        }
        AxisTaps rows = AxisTaps.of(box.top(), box.height(), plan.resizedHeight(), plan.top(), plan.height(), false);
        AxisTaps cols = AxisTaps.of(box.left(), box.width(), plan.resizedWidth(), plan.left(), plan.width(),
                plan.flip());
        // (v / 255 - mean) / std == v * scale + bias: one multiply-add per value.
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        float[] scale = new float[3];
        float[] bias = new float[3];
        for (int c = 0; c < 3; c++) {
            scale[c] = 1f / (255f * std[c]);
            bias[c] = -mean[c] / std[c];
        }
        byte[] px = image.pixels();
        int stride = image.width() * 3;
        int o = offset;
        for (int y = 0; y < plan.height(); y++) {
            int row0 = rows.lo[y] * stride;
            int row1 = rows.hi[y] * stride;
            float wy = rows.weight[y];
            for (int x = 0; x < plan.width(); x++) {
                int col0 = cols.lo[x] * 3;
                int col1 = cols.hi[x] * 3;
                float wx = cols.weight[x];
                for (int c = 0; c < 3; c++) {
                    float p00 = px[row0 + col0 + c] & 0xFF;
                    float p01 = px[row0 + col1 + c] & 0xFF;
                    float p10 = px[row1 + col0 + c] & 0xFF;
                    float p11 = px[row1 + col1 + c] & 0xFF;
                    float upper = p00 + (p01 - p00) * wx;
                    float lower = p10 + (p11 - p10) * wx;
                    out[o++] = (upper + (lower - upper) * wy) * scale[c] + bias[c];
                }
            }
        }
    }
}
