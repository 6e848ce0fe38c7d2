package io.bigtransfer.model;

/** Normalized float32 pixels of {@code count} images in NHWC order, three channels. */
public record ImageBatch(float[] pixels, int count, int height, int width) {
    public static final int CHANNELS = 3;

    public ImageBatch {
        if ((long) count * height * width * CHANNELS != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixel values do not make " + count
                    + " images of " + height + "x" + width + "x" + CHANNELS);
        }
    }
}
