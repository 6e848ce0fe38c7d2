package io.bigtransfer.streams;

import java.util.Objects;

/**
 * The geometry of one sample's preprocessing: cut {@code source} out of the decoded image, resize
 * it to {@code resizedWidth x resizedHeight}, cut the {@code width x height} window at (left, top)
 * out of that, and mirror the window left to right when {@code flip}. Every transform is a choice
 * of these numbers: BiT downstream resizes the whole image and cuts a window; the inception crop
 * resizes a box of the image and keeps all of it.
 */
public record CropPlan(SourceBox source, int resizedHeight, int resizedWidth, int top, int left, int height,
                       int width, boolean flip) {
    public CropPlan {
        Objects.requireNonNull(source, "source");
        if (height <= 0 || width <= 0 || top < 0 || left < 0
                || top + height > resizedHeight || left + width > resizedWidth) {
            throw new IllegalArgumentException("crop " + width + "x" + height + " at (" + left + ", " + top
                    + ") does not fit in " + resizedWidth + "x" + resizedHeight);
        }
    }

    /**
     * The largest of 1, 2, 4 and 8 by which the source box can shrink with each side still at
     * least its resized side, so that the resize from a decode at that reduction still only
     * shrinks (or keeps) the box: the smallest decode that does not lose resolution the output keeps.
     */
    public int decodeReduction() {
        int reduction = 8;
        while (reduction > 1 && (source.height() < reduction * (long) resizedHeight
                || source.width() < reduction * (long) resizedWidth)) {
            reduction /= 2;
        }
        return reduction;
    }
}
