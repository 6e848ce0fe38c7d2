package io.bigtransfer.streams;

/** A decoded image: RGB u8 in HWC order (row by row, three bytes a pixel). */
public record RgbImage(int width, int height, byte[] pixels) {
    public RgbImage {
        if (width <= 0 || height <= 0 || pixels.length != (long) width * height * 3) {
            throw new IllegalArgumentException(pixels.length + " bytes are not an RGB image of "
                    + width + "x" + height);
        }
    }
}
