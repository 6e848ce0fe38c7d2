package io.bigtransfer.model;

/**
 * Accumulates logits and true labels of an evaluation set, batch by batch, into top-1, top-5, mean
 * cross-entropy and per-class accuracy. With fewer than five classes, top-5 counts every class.
 */
public final class EvaluationAccumulator {
    private final int classes;
    private final long[] seenPerClass;
    private final long[] correctPerClass;
    private long count;
    private long top1Hits;
    private long top5Hits;
    private double lossSum;

    public EvaluationAccumulator(int classes) {
        this.classes = classes;
        this.seenPerClass = new long[classes];
        this.correctPerClass = new long[classes];
    }

    /** @param logits row-major [labels.length, classes] */
    public void add(float[] logits, int[] labels) {
        if (logits.length != labels.length * classes) {
            throw new IllegalArgumentException(logits.length + " logits do not make " + labels.length
                    + " rows of " + classes + " classes");
        }
        for (int row = 0; row < labels.length; row++) {
            int offset = row * classes;
            int label = labels[row];
            float labelLogit = logits[offset + label];
            int rank = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                float logit = logits[offset + c];
                // Ties count against the true class, so a constant output is never "correct".
                if (c != label && logit >= labelLogit) {
                    rank++;
                }
                max = Math.max(max, logit);
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(logits[offset + c] - max);
            }
            lossSum += Math.log(sumExp) + max - labelLogit;
            seenPerClass[label]++;
            if (rank == 0) {
                top1Hits++;
                correctPerClass[label]++;
            }
            if (rank < 5) {
                top5Hits++;
            }
            count++;
        }
    }

    public EvaluationReport report() {
        double[] perClass = new double[classes];
        double sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (seenPerClass[c] > 0) {
                perClass[c] = (double) correctPerClass[c] / seenPerClass[c];
                sum += perClass[c];
                present++;
            } else {
                perClass[c] = Double.NaN;
            }
        }
        return new EvaluationReport(count, (double) top1Hits / count, (double) top5Hits / count,
                lossSum / count, perClass, present == 0 ? Double.NaN : sum / present);
    }
}
