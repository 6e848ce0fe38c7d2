package io.bigtransfer.model.internal;

import java.util.Arrays;

/**
 * Loss and gradient of the head alone (dense layer + softmax cross-entropy on soft targets) for
 * given features, in float64: the whole backward pass of linear probing, with no graph. For a row
 * with logits z and targets t, the loss is {@code -sum_c t_c log softmax(z)_c} and its gradient
 * {@code softmax(z) * sum(t) - t}; both are averaged over the rows. The eager engine's backward
 * pass starts from it too, with the features' gradient.
 */
public final class HeadGradient {
    /** Features or classes per parallel task. */
    private static final int SLICE = 64;

    private HeadGradient() {
    }

    /**
     * Mean loss, head kernel gradient [D x C], bias gradient [C], the logits [n x C] and the
     * gradient of the features [n x D], through which the body's backward pass starts.
     */
    public record Result(double meanLoss, float[] kernelGradient, float[] biasGradient, float[] logits,
                         float[] featureGradient) {
    }

    /**
     * @param features row-major [n x D]
     * @param kernel   row-major [D x C] (the 1x1xDxC head kernel's data)
     * @param targets  row-major [n x C]
     */
    public static Result compute(float[] features, int count, int depth, float[] kernel, float[] bias,
                                 float[] targets, int classes) {
        double[][] z = logitRows(features, count, depth, kernel, bias, classes);
        float[] logits = new float[count * classes];
        double[][] dz = new double[count][classes];
        double[] biasGradient = new double[classes];
        double lossSum = 0;
        for (int i = 0; i < count; i++) {
            double[] row = z[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, row[c]);
                logits[i * classes + c] = (float) row[c];
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(row[c] - max);
            }
            double logSumExp = max + Math.log(sumExp);
            double targetMass = 0;
            for (int c = 0; c < classes; c++) {
                double t = targets[i * classes + c];
                targetMass += t;
                lossSum -= t * (row[c] - logSumExp);
            }
            for (int c = 0; c < classes; c++) {
                dz[i][c] = (Math.exp(row[c] - logSumExp) * targetMass - targets[i * classes + c]) / count;
                biasGradient[c] += dz[i][c];
            }
        }
        float[] kernelGradient = new float[depth * classes];
        float[] featureGradient = new float[count * depth];
        // One task per slice of the feature dimension: a slice's kernel rows and gradient rows stay
        // in cache while every image's contribution is added, in image order.
        ParallelTasks.forEach(slices(depth), slice -> {
            double[] gradientRow = new double[classes];
            for (int d = slice * SLICE; d < Math.min(depth, (slice + 1) * SLICE); d++) {
                int kernelRow = d * classes;
                Arrays.fill(gradientRow, 0);
                for (int i = 0; i < count; i++) {
                    double f = features[i * depth + d];
                    double[] rowDz = dz[i];
                    double df = 0;
                    for (int c = 0; c < classes; c++) {
                        gradientRow[c] += f * rowDz[c];
                        df += kernel[kernelRow + c] * rowDz[c];
                    }
                    featureGradient[i * depth + d] = (float) df;
                }
                for (int c = 0; c < classes; c++) {
                    kernelGradient[kernelRow + c] = (float) gradientRow[c];
                }
            }
        });
        return new Result(lossSum / count, kernelGradient, toFloat(biasGradient), logits, featureGradient);
    }

    /** The logits [n x C] of features [n x D], in float64 as {@link #compute} has them. */
    public static float[] logits(float[] features, int count, int depth, float[] kernel, float[] bias, int classes) {
        double[][] z = logitRows(features, count, depth, kernel, bias, classes);
        float[] logits = new float[count * classes];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < classes; c++) {
                logits[i * classes + c] = (float) z[i][c];
            }
        }
        return logits;
    }

    /**
     * Every row's logits in float64, summed over the features in order. One task per slice of the
     * classes: each kernel row's slice is read once for all rows.
     */
    private static double[][] logitRows(float[] features, int count, int depth, float[] kernel, float[] bias,
                                        int classes) {
        double[][] z = new double[count][classes];
        ParallelTasks.forEach(slices(classes), slice -> {
            int from = slice * SLICE;
            int to = Math.min(classes, from + SLICE);
            for (int i = 0; i < count; i++) {
                for (int c = from; c < to; c++) {
                    z[i][c] = bias[c];
                }
            }
            for (int d = 0; d < depth; d++) {
                int kernelRow = d * classes;
                for (int i = 0; i < count; i++) {
                    double f = features[i * depth + d];
                    double[] row = z[i];
                    for (int c = from; c < to; c++) {
                        row[c] += f * kernel[kernelRow + c];
                    }
                }
            }
        });
        return z;
    }

    private static int slices(int length) {
        return (length + SLICE - 1) / SLICE;
    }

    private static float[] toFloat(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }
}
