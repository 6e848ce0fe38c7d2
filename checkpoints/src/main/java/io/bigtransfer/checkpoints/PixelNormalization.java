package io.bigtransfer.checkpoints;

import io.bigtransfer.config.Normalization;
import java.util.Arrays;

/**
 * How pixels were normalized for the stored parameters: {@code (u8 / 255 - mean[c]) / std[c]}.
 * A checkpoint records it so that evaluation and prediction feed the model what it was trained on.
 *
 * @param name the setting's value ({@code imagenet}, {@code bit}) or a free label
 * @param mean per-channel mean
 * @param std  per-channel standard deviation
 */
public record PixelNormalization(String name, float[] mean, float[] std) {

    /** The values of a {@code bit.data.normalize} setting. */
    public static PixelNormalization of(Normalization setting) {
        return new PixelNormalization(setting.settingName(), setting.mean(), setting.std());
    }

    public PixelNormalization {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a pixel normalization needs a name");
        }
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("normalization " + name + " has " + mean.length
                    + " means and " + std.length + " standard deviations");
        }
        for (float deviation : std) {
            if (!(deviation > 0) || Float.isInfinite(deviation)) {
                throw new IllegalArgumentException("normalization " + name
                        + " has a standard deviation that is not a positive number: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** A copy, so that the record (and the shared constants) stay immutable. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** A copy, so that the record (and the shared constants) stay immutable. */
    @Override
    public float[] std() {
        return std.clone();
    }

    // Records compare arrays by identity; equal settings must compare equal.
    @Override
    public boolean equals(Object other) {
        return other instanceof PixelNormalization that
                && name.equals(that.name)
                && Arrays.equals(mean, that.mean)
                && Arrays.equals(std, that.std);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(mean)) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "PixelNormalization[name=" + name + ", mean=" + Arrays.toString(mean)
                + ", std=" + Arrays.toString(std) + "]";
    }
}
