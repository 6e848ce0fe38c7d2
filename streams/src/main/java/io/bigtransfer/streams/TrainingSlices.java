package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.DecodeFlow;
import io.bigtransfer.streams.internal.SampleTask;
import io.bigtransfer.streams.internal.TrainingTasks;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** The training input of one worker: its slice of every global batch, step after step. */
public final class TrainingSlices {
    private TrainingSlices() {
    }

    /**
     * An endless source of this worker's micro-batches for steps {@code spec.startStep()}, +1, ...
     * in order, mixed in pairs when {@code spec.mixupAlpha()} is positive. Each materialization
     * starts afresh at the starting step, so resuming from a checkpoint at step k needs only k.
     */
    public static Source<MicroBatch, NotUsed> source(Dataset dataset, TrainingStreamSpec spec) {
        Source<SampleTask, NotUsed> tasks =
                Source.fromIterator(() -> new TrainingTasks(spec, dataset.size()));
        return DecodeFlow.batches(tasks, spec.sliceSize(), dataset, spec.pipeline(), spec.seed(),
                spec.mixupAlpha());
    }
}
