package io.bigtransfer.streams;

/** Chooses how one decoded image becomes a square model input of {@link #resolution()} pixels. */
public interface Transform {
    /** Side of the square output. */
    int resolution();

    /**
     * The geometry for an image of {@code height x width}; every random choice comes from
     * {@code random} (keyed by seed, epoch and sample index for {@link RandomPurpose#AUGMENT}).
     */
    CropPlan plan(int height, int width, SampleRandom random);

    /** BiT's resize target for a crop: round(crop * 256 / 224) (224 -> 256, 128 -> 146, 480 -> 549). */
    static int resizeFor(int crop) {
        return (int) Math.round(crop * 256.0 / 224.0);
    }
}
