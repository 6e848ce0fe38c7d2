package io.bigtransfer.model.internal;

/**
 * Loss and gradient of the head alone (dense layer + softmax cross-entropy on soft targets) for
 * given features, in float64: the whole backward pass of linear probing, with no graph. For a row
 * with logits z and targets t, the loss is {@code -sum_c t_c log softmax(z)_c} and its gradient
 * {@code softmax(z) * sum(t) - t}; both are averaged over the rows. The eager engine's backward
 * pass starts from it too, with the features' gradient.
 */
public final class HeadGradient {
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
        double[] kernelGradient = new double[depth * classes];
        double[] biasGradient = new double[classes];
        float[] logits = new float[count * classes];
        float[] featureGradient = new float[count * depth];
        double[] z = new double[classes];
        double[] dz = new double[classes];
        double lossSum = 0;
        for (int i = 0; i < count; i++) {
            int rowFeatures = i * depth;
            logitRow(features, i, depth, kernel, bias, classes, z);
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, z[c]);
                logits[i * classes + c] = (float) z[c];
            }
            double sumExp = 0;
            for (int c = 0; c < classes; c++) {
                sumExp += Math.exp(z[c] - max);
            }
            double logSumExp = max + Math.log(sumExp);
            double targetMass = 0;
            for (int c = 0; c < classes; c++) {
                double t = targets[i * classes + c];
                targetMass += t;
                lossSum -= t * (z[c] - logSumExp);
            }
            for (int c = 0; c < classes; c++) {
                dz[c] = (Math.exp(z[c] - logSumExp) * targetMass - targets[i * classes + c]) / count;
                biasGradient[c] += dz[c];
            }
            for (int d = 0; d < depth; d++) {
                double f = features[rowFeatures + d];
                int kernelRow = d * classes;
                double df = 0;
                for (int c = 0; c < classes; c++) {
                    kernelGradient[kernelRow + c] += f * dz[c];
                    df += kernel[kernelRow + c] * dz[c];
                }
                featureGradient[rowFeatures + d] = (float) df;
            }
        }
        return new Result(lossSum / count, toFloat(kernelGradient), toFloat(biasGradient), logits, featureGradient);
    }

    /** The logits [n x C] of features [n x D], in float64 as {@link #compute} has them. */
    public static float[] logits(float[] features, int count, int depth, float[] kernel, float[] bias, int classes) {
        float[] logits = new float[count * classes];
        double[] z = new double[classes];
        for (int i = 0; i < count; i++) {
            logitRow(features, i, depth, kernel, bias, classes, z);
            for (int c = 0; c < classes; c++) {
                logits[i * classes + c] = (float) z[c];
            }
        }
        return logits;
    }

    /** Row {@code row}'s logits into {@code z}. */
    private static void logitRow(float[] features, int row, int depth, float[] kernel, float[] bias, int classes,
                                 double[] z) {
        for (int c = 0; c < classes; c++) {
            z[c] = bias[c];
        }
        for (int d = 0; d < depth; d++) {
            double f = features[row * depth + d];
            int kernelRow = d * classes;
            for (int c = 0; c < classes; c++) {
                z[c] += f * kernel[kernelRow + c];
            }
        }
    }

    private static float[] toFloat(double[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        return result;
    }
}
