package io.bigtransfer.streams;

import java.util.Objects;

/**
 * One worker's view of the training data. The data is an endless sequence of positions;
 * position p is sample {@code EpochOrder(seed, p / N)[p % N]}. Global batch t is positions
 * [t*B, (t+1)*B), and worker w of W takes the contiguous slice [t*B + w*B/W, t*B + (w+1)*B/W).
 */
public record TrainingStreamSpec(long seed, int globalBatch, int workerIndex, int workerCount, long startStep,
                                 ImagePipeline pipeline) {
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
