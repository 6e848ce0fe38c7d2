package io.bigtransfer.streams;

/**
 * The geometry of one sample's preprocessing: resize the decoded image to
 * {@code resizedWidth x resizedHeight}, cut the {@code width x height} window at (left, top) out
 * of the resized image, and mirror it left to right when {@code flip}.
 */
public record CropPlan(int resizedHeight, int resizedWidth, int top, int left, int height, int width,
                       boolean flip) {
    public CropPlan {
        if (height <= 0 || width <= 0 || top < 0 || left < 0
                || top + height > resizedHeight || left + width > resizedWidth) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " at (" + left + ", " + top
                    + ") does not fit in " + resizedWidth + "x" + resizedHeight);
        }
    }
}
