package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.PixelNormalization;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.SkippedInputs;

/** Evaluates a checkpoint's model on an image folder, preprocessed as the checkpoint was trained. */
public final class EvaluationJob {
    private EvaluationJob() {
    }

    public static EvaluationReport run(CheckpointRecord checkpoint, Dataset data, int batchSize,
                                       int decodeThreads, SkippedInputs skipped) {
        if (!data.classNames().equals(checkpoint.classNames())) {
            throw new SettingsException("the evaluation data has classes " + data.classNames()
                    + " but the checkpoint was trained on " + checkpoint.classNames() + ".");
        }
        try (InferenceSession session = new InferenceSession(ModelDescriptions.spec(checkpoint.model()),
                Transforms.evaluation(checkpoint), normalizationOf(checkpoint), decodeThreads, skipped)) {
            StreamEvaluation evaluation = new StreamEvaluation(data, batchSize, session.pipeline, session.engine,
                    session.engineThread, session.system);
            return evaluation.evaluate(new ParameterVersion(checkpoint.step(), checkpoint.parameters()))
                    .toCompletableFuture().join();
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
