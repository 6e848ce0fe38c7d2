package io.bigtransfer.model;

/**
 * Images with soft targets (one row of class probabilities per image, so mixup needs no other
 * type) and the global sample index of each row.
 */
public record TrainingBatch(ImageBatch images, float[] softTargets, long[] sampleIndices) {
    public TrainingBatch {
        if (sampleIndices.length != images.count() || softTargets.length % Math.max(1, images.count()) != 0) {
            throw new IllegalArgumentException("targets and sample indices must have one row per image");
        }
    }

    public int classes() {
        return images.count() == 0 ? 0 : softTargets.length / images.count();
    }
}
