package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.ShorterSide;

/**
 * BiT fine-tuning evaluation: resize the shorter side to {@link Transform#resizeFor}, then the
 * center {@code resolution} square, no flip. An odd margin puts the extra pixel after the crop
 * (offset = floor(margin / 2), as TensorFlow's central crop does).
 */
public record DownstreamEval(int resolution) implements Transform {
    public DownstreamEval {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
    }

    @Override
    public CropPlan plan(int height, int width, SampleRandom random) {
        ShorterSide resized = ShorterSide.resize(height, width, Transform.resizeFor(resolution));
        int top = (resized.height() - resolution) / 2;
        int left = (resized.width() - resolution) / 2;
        return new CropPlan(SourceBox.whole(height, width), resized.height(), resized.width(), top, left,
                resolution, resolution, false);
    }
}
