package io.bigtransfer.model;

/**
 * Metrics of one evaluation. Accuracies are fractions; {@code perClassAccuracy[c]} is NaN for a
 * class with no examples, and the mean per-class accuracy averages the classes that have some.
 */
public record EvaluationReport(long count, double top1, double top5, double meanLoss,
                               double[] perClassAccuracy, double meanPerClassAccuracy) {
}
