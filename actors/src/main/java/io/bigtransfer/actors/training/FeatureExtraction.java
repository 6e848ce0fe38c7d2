package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.EvalBatches;
import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The pre-logit features of every sample of a data set, in listing order, preprocessed by an
 * evaluation transform; samples that fail to decode are skipped and counted.
 */
final class FeatureExtraction {
    private static final int BATCH = 64;

    /** Row-major [labels.length x depth] features and the label of each row. */
    record Features(float[] values, int depth, int[] labels) {
    }

    private FeatureExtraction() {
    }

    static Features run(ModelSpec spec, ParameterVersion parameters, Dataset data, Transform transform,
                        Normalization normalization, int decodeThreads, SkippedInputs skipped) {
        int depth = spec.featureWidth();
        List<float[]> blocks = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        try (InferenceSession session = new InferenceSession(spec, transform, normalization, decodeThreads, skipped)) {
            EvalBatches.source(data, BATCH, session.pipeline)
                    .filter(batch -> batch.count() > 0)
                    .mapAsync(1, batch -> CompletableFuture.runAsync(() -> {
                        blocks.add(session.engine.features(parameters, images(batch)));
                        labels.add(batch.labels());
                    }, session.engineThread))
                    .runForeach(done -> { }, session.system)
                    .toCompletableFuture().join();
        }
        int rows = labels.stream().mapToInt(block -> block.length).sum();
        float[] values = new float[rows * depth];
        int[] allLabels = new int[rows];
        int row = 0;
        for (int b = 0; b < blocks.size(); b++) {
            System.arraycopy(blocks.get(b), 0, values, row * depth, blocks.get(b).length);
            System.arraycopy(labels.get(b), 0, allLabels, row, labels.get(b).length);
            row += labels.get(b).length;
        }
        return new Features(values, depth, allLabels);
    }

    private static ImageBatch images(MicroBatch batch) {
        return new ImageBatch(batch.pixels(), batch.count(), batch.height(), batch.width());
    }
}
