package io.bigtransfer.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How u8 pixels become model inputs: {@code (x/255 - mean) / std} per RGB channel. */
public enum Normalization {
    /** The product's default: ImageNet statistics. */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
    /** What the official BiT weights expect: [-1, 1]. */
    BIT(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});

    private final float[] mean;
    private final float[] std;

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The normalization whose {@link #settingName()} is {@code name}. */
    public static Optional<Normalization> fromSettingName(String name) {
        return Arrays.stream(values()).filter(n -> n.settingName().equals(name)).findFirst();
    }
}
