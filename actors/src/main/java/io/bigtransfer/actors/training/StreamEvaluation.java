package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.EvaluationAccumulator;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.EvalBatches;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Evaluates on every held-out sample once: batches stream in listing order, logits come from the
 * evaluation engine on its own thread, and the metrics accumulate in order.
 */
public final class StreamEvaluation implements Evaluation {
    private final Dataset dataset;
    private final int batchSize;
    private final ImagePipeline pipeline;
    private final GradientEngine engine;
    private final Executor engineExecutor;
    private final ActorSystem<?> system;

    public StreamEvaluation(Dataset dataset, int batchSize, ImagePipeline pipeline, GradientEngine engine,
                            Executor engineExecutor, ActorSystem<?> system) {
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.pipeline = pipeline;
        this.engine = engine;
        this.engineExecutor = engineExecutor;
        this.system = system;
    }

    @Override
    public CompletionStage<EvaluationReport> evaluate(ParameterVersion parameters) {
        EvaluationAccumulator accumulator = new EvaluationAccumulator(dataset.classNames().size());
        return EvalBatches.source(dataset, batchSize, pipeline)
                .filter(batch -> batch.count() > 0)
                .mapAsync(1, batch -> CompletableFuture.runAsync(() -> accumulate(parameters, batch, accumulator),
                        engineExecutor))
                .runForeach(done -> { }, system)
                .thenApply(done -> accumulator.report());
    }

    private void accumulate(ParameterVersion parameters, MicroBatch batch, EvaluationAccumulator accumulator) {
        float[] logits = engine.logits(parameters,
                new ImageBatch(batch.pixels(), batch.count(), batch.height(), batch.width()));
        accumulator.add(logits, batch.labels());
    }
}
