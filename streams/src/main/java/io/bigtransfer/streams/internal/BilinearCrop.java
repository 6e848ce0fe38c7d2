package io.bigtransfer.streams.internal;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.DecodedImage;
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
