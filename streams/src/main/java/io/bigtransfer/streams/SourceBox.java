package io.bigtransfer.streams;

/** A rectangle of a decoded image, in its pixels: the part a {@link CropPlan} resizes. */
public record SourceBox(int top, int left, int height, int width) {
    public SourceBox {
        if (top < 0 || left < 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("box " + width + "x" + height + " at (" + left + ", " + top
                    + ") is not a rectangle of an image");
        }
    }

    /** The whole of an image of {@code height x width}. */
    public static SourceBox whole(int height, int width) {
        return new SourceBox(0, 0, height, width);
    }
}
