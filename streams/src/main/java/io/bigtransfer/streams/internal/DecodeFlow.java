package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Sample tasks -> micro-batches. Samples are decoded in parallel on the pipeline's executor, each
 * straight into its row of its batch's array ({@link RowPlacement}), and {@code mapAsync} hands
 * them on in task order, so a batch's rows never depend on timing. Work
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
        int resolution = pipeline.transform().resolution();
        BatchAssembler assembler = new BatchAssembler(resolution, dataset.classNames().size(), seed, mixupAlpha);
        int rowSize = resolution * resolution * 3;
        return tasks
                .statefulMap(() -> new RowPlacement(batchSize, rowSize),
                        (placement, task) -> Pair.create(placement, placement.place(task)),
                        placement -> Optional.empty())
                .mapAsync(pipeline.parallelism(),
                        placed -> CompletableFuture.supplyAsync(() -> loader.load(placed), pipeline.executor()))
                .grouped(batchSize)
                .map(assembler::assemble)
                .buffer(PREFETCH_BATCHES, OverflowStrategy.backpressure());
    }
}
