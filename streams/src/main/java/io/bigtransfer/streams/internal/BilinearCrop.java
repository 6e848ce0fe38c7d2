package io.bigtransfer.streams.internal;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SourceBox;

/**
 * Cut, resize, crop, flip and normalize in one call; every transform's resize is this one. Only
 * the pixels of the crop window are interpolated, from the decoded image into float32 HWC, row by
 * row: the two source rows an output row needs are blended along y over the columns the window
 * reads, and the output values are then interpolated along x from that blended row and
 * normalized, with no image-sized intermediate and no object per pixel. Interpolated values are
 * not rounded to u8 before normalizing. The loops are {@link RowKernels}: SIMD where the JVM has
 * the Vector API, with the same results either way.
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
        render(decoded, plan, normalization, out, offset, RowKernels.fastest());
    }

    static void render(DecodedImage decoded, CropPlan plan, Normalization normalization, float[] out, int offset,
                       RowKernels kernels) {
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
        // The decoded columns the window reads, first to last: only these are blended along y.
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (int x = 0; x < cols.lo.length; x++) {
            first = Math.min(first, cols.lo[x]);
            last = Math.max(last, cols.hi[x]);
        }
        // Per output value of a row: where its two taps sit in the blended row, the weight of the
        // second, and (v / 255 - mean) / std as v * scale + bias. Plain arrays at one index are what
        // the kernels stream through.
        int rowLength = plan.width() * 3;
        int[] left = new int[rowLength];
        int[] right = new int[rowLength];
        float[] weight = new float[rowLength];
        float[] scale = new float[rowLength];
        float[] bias = new float[rowLength];
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        for (int i = 0; i < rowLength; i++) {
            int x = i / 3;
            int c = i % 3;
            left[i] = (cols.lo[x] - first) * 3 + c;
            right[i] = (cols.hi[x] - first) * 3 + c;
            weight[i] = cols.weight[x];
            scale[i] = 1f / (255f * std[c]);
            bias[i] = -mean[c] / std[c];
        }
        byte[] px = image.pixels();
        int stride = image.width() * 3;
        int span = (last - first + 1) * 3;
        float[] blended = new float[span];
        for (int y = 0; y < plan.height(); y++) {
            kernels.blendRows(px, rows.lo[y] * stride + first * 3, rows.hi[y] * stride + first * 3, rows.weight[y],
                    blended, span);
            kernels.gatherRow(blended, left, right, weight, scale, bias, out, offset + y * rowLength);
        }
    }
}
