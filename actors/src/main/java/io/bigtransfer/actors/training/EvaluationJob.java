package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.ModelDescription;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.SameDiffGradientEngine;
import io.bigtransfer.streams.DownstreamEval;
import io.bigtransfer.streams.FolderDataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.SkippedInputs;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Evaluates a checkpoint's model on an image folder, preprocessed as the checkpoint was trained. */
public final class EvaluationJob {
    private EvaluationJob() {
    }

    public static EvaluationReport run(CheckpointRecord checkpoint, FolderDataset data, int batchSize,
                                       int decodeThreads, SkippedInputs skipped) {
        if (!data.classNames().equals(checkpoint.classNames())) {
            throw new SettingsException("the evaluation data has classes " + data.classNames()
                    + " but the checkpoint was trained on " + checkpoint.classNames() + ".");
        }
        ModelDescription model = checkpoint.model();
        ModelSpec spec = new ModelSpec(model.units(), model.width(), model.groups(), model.classes());
        ImagePipeline pipeline;
        ExecutorService engineThread = EngineThread.start("engine-eval");
        ExecutorService decode = Executors.newFixedThreadPool(decodeThreads);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bit-eval");
        try {
            pipeline = new ImagePipeline(new DownstreamEval(checkpoint.resolution()), normalization(checkpoint),
                    ImageDecoder.imageIo(), decodeThreads, decode, skipped);
            GradientEngine engine = CompletableFuture.supplyAsync(
                    () -> new SameDiffGradientEngine(spec, checkpoint.resolution(), checkpoint.resolution()), engineThread).join();
            try (StreamEvaluation evaluation = new StreamEvaluation(data, batchSize, pipeline, engine, engineThread, system)) {
                return evaluation.evaluate(new ParameterVersion(checkpoint.step(), checkpoint.parameters()))
                        .toCompletableFuture().join();
            }
        } finally {
            system.terminate();
            engineThread.shutdown();
            decode.shutdown();
        }
    }

    private static Normalization normalization(CheckpointRecord checkpoint) {
        for (Normalization candidate : Normalization.values()) {
            if (Arrays.equals(candidate.mean(), checkpoint.normalization().mean())
                    && Arrays.equals(candidate.std(), checkpoint.normalization().std())) {
                return candidate;
            }
        }
        throw new SettingsException("the checkpoint's pixel normalization '" + checkpoint.normalization().name()
                + "' is not one this build can apply.");
    }
}
