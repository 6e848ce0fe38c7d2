package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.DecodeFlow;
import io.bigtransfer.streams.internal.SampleTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Random access to the training data by batch: rows [from, to) of global batch t are positions
 * [t*B + from, t*B + to) of the same endless sequence {@link TrainingStreamSpec} describes, so a
 * range holds exactly the samples, crops, flips and mixup of the worker slice that covers it. This
 * is what lets the set of workers change from one step to the next: whoever computes a range
 * computes the same thing. Mixup pairs positions 2j and 2j + 1, so under mixup a range starts and
 * ends at even rows.
 */
public final class TrainingRanges {
    private final Dataset dataset;
    private final long seed;
    private final int globalBatch;
    private final ImagePipeline pipeline;
    private final double mixupAlpha;
    /** The order of the epoch met last: ranges of consecutive steps mostly share one. */
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    public TrainingRanges(Dataset dataset, long seed, int globalBatch, ImagePipeline pipeline, double mixupAlpha) {
        if (globalBatch <= 0) {
            throw new IllegalArgumentException("The global batch must be positive, got " + globalBatch + ".");
        }
        if (!(mixupAlpha >= 0) || Double.isInfinite(mixupAlpha)) {
            throw new IllegalArgumentException("The mixup alpha must be 0 (off) or positive, got " + mixupAlpha + ".");
        }
        if (mixupAlpha > 0 && globalBatch % 2 != 0) {
            throw new IllegalArgumentException("Mixup pairs samples, so it needs an even global batch, not " + globalBatch
                    + ".");
        }
        this.dataset = dataset;
        this.seed = seed;
        this.globalBatch = globalBatch;
        this.pipeline = pipeline;
        this.mixupAlpha = mixupAlpha;
    }

    /** Rows a range must start and end on: 2 under mixup (its pairs), else 1. */
    public int rowGranularity() {
        return mixupAlpha > 0 ? 2 : 1;
    }

    /** One micro-batch: rows [from, to) of global batch {@code step}, decoded when the source runs. */
    public Source<MicroBatch, NotUsed> range(long step, int from, int to) {
        if (step < 0 || from < 0 || to > globalBatch || from >= to) {
            throw new IllegalArgumentException("Rows [" + from + ", " + to + ") of step " + step
                    + " are not a non-empty range of a global batch of " + globalBatch + ".");
        }
        if (from % rowGranularity() != 0 || to % rowGranularity() != 0) {
            throw new IllegalArgumentException("Under mixup a range must start and end on an even row, not [" + from
                    + ", " + to + ").");
        }
        return DecodeFlow.batches(Source.from(tasks(step, from, to)), to - from, dataset, pipeline, seed, mixupAlpha);
    }

    private synchronized List<SampleTask> tasks(long step, int from, int to) {
        int size = dataset.size();
        List<SampleTask> tasks = new ArrayList<>(to - from);
        for (long position = step * globalBatch + from; position < step * globalBatch + to; position++) {
            long epoch = position / size;
            if (epoch != cachedEpoch) {
                cachedOrder = EpochOrder.permutation(seed, epoch, size);
                cachedEpoch = epoch;
            }
            tasks.add(new SampleTask(step, position, epoch, cachedOrder[(int) (position % size)]));
        }
        return tasks;
    }
}
