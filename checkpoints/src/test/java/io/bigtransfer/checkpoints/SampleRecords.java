package io.bigtransfer.checkpoints;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.config.CheckpointMetric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small but complete records for tests; values cover the awkward floats a round trip can lose. */
final class SampleRecords {

    private SampleRecords() {
    }

    static CheckpointRecord atStep(long step) {
        ModelDescription model = new ModelDescription(new int[] {1, 1, 1, 1}, 0.25, 4, 3);
        NamedBuffers parameters = NamedBuffers.of(List.of(
                buffer("resnet/root_block/standardized_conv2d/kernel", new int[] {7, 7, 3, 16}, step),
                buffer("resnet/group_norm/gamma", new int[] {64}, step + 1),
                buffer("resnet/head/conv2d/kernel", new int[] {1, 1, 64, 3}, step + 2),
                buffer("resnet/head/conv2d/bias", new int[] {3}, step + 3)));
        NamedBuffers momentum = parameters.map(data -> randomValues(data.length, step + 100));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("top-5", 0.998);
        metrics.put("top-1", 0.913);
        metrics.put("loss", 0.31);
        metrics.put("mean-per-class", 0.9);
        return new CheckpointRecord(model, List.of("cat", "dog", "ünïcødé 🐟"), PixelNormalization.of(io.bigtransfer.config.Normalization.IMAGENET), 128,
                parameters, momentum, step, new DataCursor(2, step * 512), 0.5,
                "bit {\n  train { steps = 500, lr = 0.003 }\n}\n", metrics);
    }

    /** A record whose metrics are the given top-1 accuracy and loss. */
    static CheckpointRecord evaluated(long step, double top1, double loss) {
        CheckpointRecord base = atStep(step);
        return new CheckpointRecord(base.model(), base.classNames(), base.normalization(), base.resolution(),
                base.parameters(), base.momentum(), base.step(), base.cursor(), base.learningRateScale(),
                base.resolvedConfig(), Map.of(CheckpointMetric.TOP1.key(), top1, CheckpointMetric.LOSS.key(), loss));
    }

    /** A record with one parameter of {@code floats} values (and its momentum): 8 bytes a value in a checkpoint. */
    static CheckpointRecord large(long step, int floats) {
        CheckpointRecord base = atStep(step);
        NamedBuffers parameters = NamedBuffers.of(List.of(buffer("w", new int[] {floats}, step)));
        return new CheckpointRecord(base.model(), base.classNames(), base.normalization(), base.resolution(),
                parameters, parameters.map(data -> randomValues(data.length, step + 100)), step, base.cursor(),
                base.learningRateScale(), base.resolvedConfig(), base.metrics());
    }

    private static NamedBuffer buffer(String name, int[] shape, long seed) {
        float[] data = randomValues((int) NamedBuffer.elementCount(shape), seed);
        if (data.length >= 4) {
            data[0] = Float.intBitsToFloat(0x7fc01234);
            data[1] = -0.0f;
            data[2] = Float.MIN_VALUE;
            data[3] = Float.NEGATIVE_INFINITY;
        }
        return new NamedBuffer(name, shape, data);
    }

    private static float[] randomValues(int length, long seed) {
        Random random = new Random(seed);
        float[] data = new float[length];
        for (int i = 0; i < length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return data;
    }
}
