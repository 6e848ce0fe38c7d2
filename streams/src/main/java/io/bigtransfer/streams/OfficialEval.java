package io.bigtransfer.streams;

/**
 * Evaluation for google-research/big_transfer's fine-tuning: squash the whole image (aspect ratio
 * not kept) to a {@code resolution} square; no crop, no flip.
 */
public record OfficialEval(int resolution) implements Transform {
    public OfficialEval {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
    }

    @Override
    public CropPlan plan(int height, int width, SampleRandom random) {
        return new CropPlan(SourceBox.whole(height, width), resolution, resolution, 0, 0, resolution, resolution,
                false);
    }
}
