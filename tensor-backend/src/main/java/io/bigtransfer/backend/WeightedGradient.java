package io.bigtransfer.backend;

/** The mean gradient of one slice of a global batch and the number of examples it averages. */
public record WeightedGradient(int exampleCount, double meanLoss, NamedBuffers meanGradient) {
}
