package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Sample tasks -> micro-batches, a batch at a time: the samples of a batch are decoded in
 * parallel on the pipeline's executor, each straight into its own row of the batch's array
 * ({@link BatchLoader}), so a batch's rows never depend on timing, and the stream handles one
 * element per batch rather than per sample. Work ahead of the consumer is bounded:
 * {@value #BATCHES_DECODING} batches being decoded and {@value #PREFETCH_BATCHES} finished ones;
 * then backpressure stops the decoding.
 */
public final class DecodeFlow {
    /** Batches decoded ahead of demand: enough to hide one batch's decode behind a step. */
    public static final int PREFETCH_BATCHES = 2;
    /**
     * Batches whose samples are being decoded at once: the next batch's samples are queued
     * while the last ones of the current batch finish, so no decode thread waits for a batch to end.
     */
    public static final int BATCHES_DECODING = 2;

    private DecodeFlow() {
    }

    /**
     * Groups consecutive tasks {@code batchSize} at a time (the last group may be shorter); mixes
     * each group in pairs when {@code mixupAlpha} is positive, which needs groups that start at an
     * even position and have even length.
     */
    public static Source<MicroBatch, NotUsed> batches(Source<SampleTask, NotUsed> tasks, int batchSize, Dataset dataset,
                                                      ImagePipeline pipeline, long seed, double mixupAlpha) {
        int resolution = pipeline.transform().resolution();
        BatchLoader loader = new BatchLoader(new SampleLoader(dataset, pipeline, seed), pipeline,
                new BatchAssembler(resolution, dataset.classNames().size(), seed, mixupAlpha));
        return tasks
                .grouped(batchSize)
                .mapAsync(BATCHES_DECODING, loader::load)
                .buffer(PREFETCH_BATCHES, OverflowStrategy.backpressure());
    }
}
