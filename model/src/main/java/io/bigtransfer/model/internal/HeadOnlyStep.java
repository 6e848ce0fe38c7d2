package io.bigtransfer.model.internal;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.GradientResult;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.TrainingBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A training step of linear probing, whichever engine computed the features: the body is frozen,
 * so its parameters get zero gradients, and the head's gradient comes from the features directly
 * ({@link HeadGradient}), with no backward pass through the body.
 */
public final class HeadOnlyStep {
    private HeadOnlyStep() {
    }

    /** {@code features} [count, D] are those of {@code batch}'s images under {@code parameters}. */
    public static GradientResult result(ModelSpec spec, ParameterVersion parameters, TrainingBatch batch,
                                        float[] features) {
        int count = batch.images().count();
        NamedBuffer kernel = parameters.parameters().get(ModelSpec.HEAD_KERNEL);
        NamedBuffer bias = parameters.parameters().get(ModelSpec.HEAD_BIAS);
        HeadGradient.Result head = HeadGradient.compute(features, count, spec.featureWidth(), kernel.data(),
                bias.data(), batch.softTargets(), spec.classes());
        List<NamedBuffer> gradients = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) -> gradients.add(new NamedBuffer(name, shape, switch (name) {
            case ModelSpec.HEAD_KERNEL -> head.kernelGradient();
            case ModelSpec.HEAD_BIAS -> head.biasGradient();
            default -> new float[(int) NamedBuffer.elementCount(shape)];
        })));
        return new GradientResult(head.meanLoss(), count, NamedBuffers.of(gradients), head.logits());
    }
}
