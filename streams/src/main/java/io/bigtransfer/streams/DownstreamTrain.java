package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.ShorterSide;

/**
 * BiT fine-tuning augmentation: resize the shorter side to {@link Transform#resizeFor}, a random
 * {@code resolution} square crop (every position equally likely), a left-right flip with p = 0.5.
 * Draws: 0 the crop's top, 1 its left, 2 the flip.
 */
public record DownstreamTrain(int resolution) implements Transform {
    public DownstreamTrain {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
    }

    @Override
    public CropPlan plan(int height, int width, SampleRandom random) {
        ShorterSide resized = ShorterSide.resize(height, width, Transform.resizeFor(resolution));
        int top = random.below(resized.height() - resolution + 1, 0);
        int left = random.below(resized.width() - resolution + 1, 1);
        boolean flip = random.uniform(2) < 0.5;
        return new CropPlan(SourceBox.whole(height, width), resized.height(), resized.width(), top, left,
                resolution, resolution, flip);
    }
}
