package io.bigtransfer.streams;

import java.util.Objects;

/**
 * A decoded picture, maybe at a reduced size: {@code image} shows the encoded picture at
 * 1/{@code reduction} of its size per side (a side of n pixels becomes ceil(n / reduction)), and
 * decoded pixel i stands for the full-size pixels [i * reduction, (i + 1) * reduction).
 */
public record DecodedImage(RgbImage image, int reduction) {
    public DecodedImage {
        Objects.requireNonNull(image, "image");
        requireReduction(reduction);
    }

    /** A side of {@code full} pixels decoded at 1/{@code reduction}: ceil(full / reduction). */
    public static int reducedSide(int full, int reduction) {
        requireReduction(reduction);
        return (full + reduction - 1) / reduction;
    }

    private static void requireReduction(int reduction) {
        if (reduction != 1 && reduction != 2 && reduction != 4 && reduction != 8) {
            throw new IllegalArgumentException("a reduction is 1, 2, 4 or 8, got " + reduction);
        }
    }
}
