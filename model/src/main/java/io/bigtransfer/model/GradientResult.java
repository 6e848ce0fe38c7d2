package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffers;

/**
 * The mean cross-entropy of a batch, the mean gradient of every parameter (named as the
 * parameters are), and the logits computed on the way (row-major [count, classes]).
 */
public record GradientResult(double meanLoss, int exampleCount, NamedBuffers meanGradient, float[] logits) {
}
