package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.DecodeFlow;
import io.bigtransfer.streams.internal.SampleTask;
import java.util.stream.IntStream;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/** Evaluation input: every sample once, in listing order. */
public final class EvalBatches {
    /** Seed of the random key evaluation transforms get; {@link DownstreamEval} draws nothing. */
    private static final long EVAL_SEED = 0;
    /** Evaluation never mixes. */
    private static final double NO_MIXUP = 0;

    private EvalBatches() {
    }

    /** Batches of {@code batchSize} samples (the last one shorter), then completes. */
    public static Source<MicroBatch, NotUsed> source(Dataset dataset, int batchSize, ImagePipeline pipeline) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("The evaluation batch must be positive, got " + batchSize + ".");
        }
        Source<SampleTask, NotUsed> tasks = Source.fromIterator(() -> IntStream.range(0, dataset.size())
                .mapToObj(i -> new SampleTask(i / batchSize, i, 0, i)).iterator());
        return DecodeFlow.batches(tasks, batchSize, dataset, pipeline, EVAL_SEED, NO_MIXUP);
    }
}
