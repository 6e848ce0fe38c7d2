package io.bigtransfer.streams;

/**
 * A decoded image: RGB u8 in HWC order (row by row, three bytes a pixel), the first
 * {@code width * height * 3} bytes of {@code pixels}. The array may be longer when a decoder
 * reused a {@link PixelBuffer}; bytes past the image mean nothing.
 */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        if (width <= 0 || height <= 0 || pixels.length < (long) width * height * 3) {
            throw new IllegalArgumentException(pixels.length + " bytes are not an RGB image of "
                    + width + "x" + height);
        }
    }
}
