package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Sample tasks -> micro-batches. Samples are decoded in parallel on the pipeline's executor, but
 * {@code mapAsync} hands them on in task order, so a batch's rows never depend on timing. Work
 * ahead of the consumer is bounded: {@value #PREFETCH_BATCHES} finished batches, one being
 * filled, and {@code parallelism} samples in flight; then backpressure stops the decoding.
 */
public final class DecodeFlow {
    /** Batches decoded ahead of demand: enough to hide one batch's decode behind a step. */
    public static final int PREFETCH_BATCHES = 2;

    private DecodeFlow() {
    }

    /**
     * Groups consecutive tasks {@code batchSize} at a time (the last group may be shorter); mixes
     * each group in pairs when {@code mixupAlpha} is positive, which needs groups that start at an
     * even position and have even length.
     */
    public static Source<MicroBatch, NotUsed> batches(Source<SampleTask, NotUsed> tasks, int batchSize, Dataset dataset,
                                                      ImagePipeline pipeline, long seed, double mixupAlpha) {
        SampleLoader loader = new SampleLoader(dataset, pipeline, seed);
        BatchAssembler assembler = new BatchAssembler(pipeline.transform().resolution(), dataset.classNames().size(),
                seed, mixupAlpha);
        return tasks
                .mapAsync(pipeline.parallelism(),
                        task -> CompletableFuture.supplyAsync(() -> loader.load(task), pipeline.executor()))
                .grouped(batchSize)
                .map(assembler::assemble)
                .buffer(PREFETCH_BATCHES, OverflowStrategy.backpressure());
    }
}
