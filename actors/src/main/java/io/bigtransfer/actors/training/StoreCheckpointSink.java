package io.bigtransfer.actors.training;

import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.DataCursor;
import io.bigtransfer.checkpoints.CheckpointStore;
import io.bigtransfer.checkpoints.ModelDescription;
import io.bigtransfer.checkpoints.PixelNormalization;
import io.bigtransfer.config.CheckpointMetric;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.OptimizerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Writes checkpoints of one run to a store (a local folder or S3) on the writer's thread. The record takes the
 * parameter version as it is: versions are never written after publication.
 */
public final class StoreCheckpointSink implements CheckpointSink {
    private final CheckpointStore store;
    private final ModelDescription model;
    private final List<String> classNames;
    private final PixelNormalization normalization;
    private final int resolution;
    private final int globalBatch;
    private final int datasetSize;
    private final String resolvedConfig;
    private final Executor writer;

    public StoreCheckpointSink(CheckpointStore store, ModelDescription model, List<String> classNames,
                               PixelNormalization normalization, int resolution, int globalBatch, int datasetSize,
                               String resolvedConfig, Executor writer) {
        this.store = store;
        this.model = model;
        this.classNames = List.copyOf(classNames);
        this.normalization = normalization;
        this.resolution = resolution;
        this.globalBatch = globalBatch;
        this.datasetSize = datasetSize;
        this.resolvedConfig = resolvedConfig;
        this.writer = writer;
    }

    @Override
    public CompletionStage<String> save(OptimizerState state, long step, Optional<EvaluationReport> lastEvaluation,
                                        double learningRateScale) {
        long position = step * globalBatch;
        CheckpointRecord record = new CheckpointRecord(model, classNames, normalization, resolution,
                state.parameters().parameters(), state.velocity(), step,
                new DataCursor(position / datasetSize, position), learningRateScale, resolvedConfig,
                lastEvaluation.map(StoreCheckpointSink::metrics).orElse(Map.of()));
        return CompletableFuture.supplyAsync(() -> store.save(record), writer);
    }

    static Map<String, Double> metrics(EvaluationReport report) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(CheckpointMetric.TOP1.key(), report.top1());
        metrics.put(CheckpointMetric.TOP5.key(), report.top5());
        metrics.put(CheckpointMetric.LOSS.key(), report.meanLoss());
        metrics.put(CheckpointMetric.MEAN_PER_CLASS_ACCURACY.key(), report.meanPerClassAccuracy());
        return metrics;
    }
}
