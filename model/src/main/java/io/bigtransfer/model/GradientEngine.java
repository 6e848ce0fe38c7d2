package io.bigtransfer.model;

import io.bigtransfer.backend.ParameterVersion;

/**
 * Computes loss and gradients of one model for batches of plain buffers. An engine belongs to one
 * worker and one thread at a time; it loads a parameter version only when it differs from the one
 * it holds. Implementations: {@link SameDiffGradientEngine}.
 */
public interface GradientEngine extends AutoCloseable {

    /** Mean cross-entropy against the soft targets, and its gradient for every parameter. */
    GradientResult gradients(ParameterVersion parameters, TrainingBatch batch);

    /** Logits, row-major [count, classes], of the forward pass in inference mode. */
    float[] logits(ParameterVersion parameters, ImageBatch images);

    /** The pre-logit features the head reads (after the final group norm, ReLU and pooling), [count, D]. */
    float[] features(ParameterVersion parameters, ImageBatch images);

    @Override
    void close();
}
