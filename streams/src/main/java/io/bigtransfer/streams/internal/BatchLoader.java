package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Loads the samples of one batch into one array and assembles the batch. The samples go to the
 * pipeline's executor in {@code parallelism} lanes (lane j takes samples j, j + p, j + 2p, ...),
 * so at most that many of a batch decode at once and the executor sees a few tasks per batch,
 * not one per sample.
 */
final class BatchLoader {
    private final SampleLoader samples;
    private final ImagePipeline pipeline;
    private final BatchAssembler assembler;

    BatchLoader(SampleLoader samples, ImagePipeline pipeline, BatchAssembler assembler) {
        this.samples = samples;
        this.pipeline = pipeline;
        this.assembler = assembler;
    }

    CompletableFuture<MicroBatch> load(List<SampleTask> tasks) {
        int resolution = pipeline.transform().resolution();
        BatchRows rows = new BatchRows(tasks.size(), resolution * resolution * 3);
        LoadedSample[] loaded = new LoadedSample[tasks.size()];
        int lanes = Math.min(pipeline.parallelism(), tasks.size());
        CompletableFuture<?>[] running = new CompletableFuture<?>[lanes];
        for (int lane = 0; lane < lanes; lane++) {
            int first = lane;
            running[lane] = CompletableFuture.runAsync(() -> {
                for (int k = first; k < tasks.size(); k += lanes) {
                    loaded[k] = samples.load(new PlacedTask(tasks.get(k), rows, k));
                }
            }, pipeline.executor());
        }
        // allOf completes after every lane, so their writes to loaded and rows are visible here.
        return CompletableFuture.allOf(running).thenApply(done -> assembler.assemble(Arrays.asList(loaded)));
    }
}
