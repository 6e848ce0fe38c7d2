package io.bigtransfer.streams;

/**
 * The augmentation of google-research/big_transfer's fine-tuning: squash the whole image (aspect
 * ratio not kept) to a {@code precrop} square, a random {@code resolution} square crop (every
 * position equally likely), a left-right flip with p = 0.5.
 * Draws: 0 the crop's top, 1 its left, 2 the flip.
 */
public record OfficialTrain(int precrop, int resolution) implements Transform {
    public OfficialTrain {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
        if (precrop < resolution) {
            throw new IllegalArgumentException("precrop " + precrop + " is smaller than the resolution " + resolution);
        }
    }

    /**
     * Squashes to {@link Transform#resizeFor}{@code (resolution)}, DESIGN.md's R_resize. The official
     * HyperRule's own pairs are 160 -> 128 and 512 -> 480; pass those through the two-argument form.
     */
    public OfficialTrain(int resolution) {
        this(Transform.resizeFor(resolution), resolution);
    }

    @Override
    public CropPlan plan(int height, int width, SampleRandom random) {
        int top = random.below(precrop - resolution + 1, 0);
        int left = random.below(precrop - resolution + 1, 1);
        boolean flip = random.uniform(2) < 0.5;
        return new CropPlan(SourceBox.whole(height, width), precrop, precrop, top, left, resolution, resolution, flip);
    }
}
