package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.streams.EvalBatches;
import io.bigtransfer.streams.ImageFiles;
import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.Transform;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a model on image files, preprocessed by an evaluation transform and normalized:
 * the logits of every file that decodes, in file order; a bad file is skipped and counted.
 */
public final class ImagePrediction {
    private static final int BATCH = 32;

    /** The logits of the file at {@code fileIndex}. */
    public record Prediction(int fileIndex, float[] logits) {
    }

    private ImagePrediction() {
    }

    public static List<Prediction> run(ModelSpec spec, ParameterVersion parameters, ImageFiles files, Transform transform,
                                       Normalization normalization, int decodeThreads, SkippedInputs skipped) {
        try (InferenceSession session = new InferenceSession(spec, transform, normalization, decodeThreads, skipped)) {
            List<Prediction> predictions = Collections.synchronizedList(new ArrayList<>());
            EvalBatches.source(files, BATCH, session.pipeline)
                    .filter(batch -> batch.count() > 0)
                    .mapAsync(1, batch -> CompletableFuture.runAsync(
                            () -> predictions.addAll(predict(session.engine, parameters, batch)), session.engineThread))
                    .runForeach(done -> { }, session.system)
                    .toCompletableFuture().join();
            return List.copyOf(predictions);
        }
    }

    private static List<Prediction> predict(GradientEngine engine, ParameterVersion parameters, MicroBatch batch) {
        float[] logits = engine.logits(parameters, new ImageBatch(batch.pixels(), batch.count(), batch.height(), batch.width()));
        int classes = logits.length / batch.count();
        List<Prediction> predictions = new ArrayList<>(batch.count());
        for (int row = 0; row < batch.count(); row++) {
            float[] rowLogits = new float[classes];
            System.arraycopy(logits, row * classes, rowLogits, 0, classes);
            predictions.add(new Prediction((int) batch.sampleIndices()[row], rowLogits));
        }
        return predictions;
    }
}
