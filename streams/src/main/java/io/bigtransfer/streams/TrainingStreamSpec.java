package io.bigtransfer.streams;

import java.util.Objects;

/**
 * One worker's view of the training data. The data is an endless sequence of positions;
 * position p is sample {@code EpochOrder(seed, p / N)[p % N]}. Global batch t is positions
 * [t*B, (t+1)*B), and worker w of W takes the contiguous slice [t*B + w*B/W, t*B + (w+1)*B/W).
 * With {@code mixupAlpha} > 0 the samples at positions 2j and 2j + 1 are mixed with each other
 * ({@link Mixup}); 0 turns mixup off.
 */
public record TrainingStreamSpec(long seed, int globalBatch, int workerIndex, int workerCount, long startStep,
                                 ImagePipeline pipeline, double mixupAlpha) {
    public TrainingStreamSpec {
        Objects.requireNonNull(pipeline, "pipeline");
        if (globalBatch <= 0) {
            throw new IllegalArgumentException("The global batch must be positive, got " + globalBatch + ".");
        }
        if (workerCount <= 0 || workerIndex < 0 || workerIndex >= workerCount) {
            throw new IllegalArgumentException("Worker index " + workerIndex + " is not one of " + workerCount + " workers.");
        }
        if (globalBatch % workerCount != 0) {
            throw new IllegalArgumentException("The global batch of " + globalBatch
                    + " cannot be split evenly between " + workerCount + " workers.");
        }
        if (startStep < 0) {
            throw new IllegalArgumentException("The starting step must not be negative, got " + startStep + ".");
        }
        if (!(mixupAlpha >= 0) || Double.isInfinite(mixupAlpha)) {
            throw new IllegalArgumentException("The mixup alpha must be 0 (off) or positive, got " + mixupAlpha + ".");
        }
        if (mixupAlpha > 0 && (globalBatch / workerCount) % 2 != 0) {
            throw new IllegalArgumentException("Mixup pairs positions 2j and 2j+1 inside each worker's slice, but a "
                    + "global batch of " + globalBatch + " split between " + workerCount + " workers gives slices of "
                    + globalBatch / workerCount + ".");
        }
    }

    /** Without mixup. */
    public TrainingStreamSpec(long seed, int globalBatch, int workerIndex, int workerCount, long startStep,
                              ImagePipeline pipeline) {
        this(seed, globalBatch, workerIndex, workerCount, startStep, pipeline, 0);
    }

    /** Samples in this worker's slice of every batch: B / W. */
    public int sliceSize() {
        return globalBatch / workerCount;
    }

    /** Position of the first sample of this worker's slice of batch {@code step}. */
    public long slicePosition(long step) {
        return step * globalBatch + (long) workerIndex * sliceSize();
    }
}
