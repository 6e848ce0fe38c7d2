package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.PixelNormalization;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.streams.DownstreamEval;
import io.bigtransfer.streams.FolderDataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.SkippedInputs;
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
        ModelSpec spec = ModelDescriptions.spec(checkpoint.model());
        ExecutorService engineThread = EngineThread.start("engine-eval");
        ExecutorService decode = Executors.newFixedThreadPool(decodeThreads, EngineThread.daemons("decode"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bit-eval");
        try {
            ImagePipeline pipeline = new ImagePipeline(new DownstreamEval(checkpoint.resolution()),
                    normalizationOf(checkpoint), ImageDecoder.imageIo(), decodeThreads, decode, skipped);
            GradientEngine engine = EngineThread.buildEngine(engineThread, spec, checkpoint.resolution(), checkpoint.resolution());
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

    /** The normalization a checkpoint was trained with, as a setting this build applies. */
    public static Normalization normalizationOf(CheckpointRecord checkpoint) {
        return Normalization.fromSettingName(checkpoint.normalization().name())
                .filter(known -> PixelNormalization.of(known).equals(checkpoint.normalization()))
                .orElseThrow(() -> new SettingsException("the checkpoint's pixel normalization '"
                        + checkpoint.normalization().name() + "' is not one this build can apply."));
    }
}
