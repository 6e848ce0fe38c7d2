package io.bigtransfer.model.internal;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loss and gradient of the head alone (dense layer + softmax cross-entropy on soft targets) for
 * given features: the whole backward pass of linear probing, with no graph. For a row with logits
 * z and targets t, the loss is {@code -sum_c t_c log softmax(z)_c} and its gradient
 * {@code softmax(z) * sum(t) - t}; both are averaged over the rows. The eager engine's backward
 * pass starts from it too, with the features' gradient. The three matrix products run in float32
 * in ND4J's gemm (as the convolutions do); the softmax, the loss and the bias gradient in float64.
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
        requireRows(count);
        try (INDArray featureMatrix = Nd4j.create(features, new long[] {count, depth}, DataType.FLOAT);
             INDArray kernelMatrix = Nd4j.create(kernel, new long[] {depth, classes}, DataType.FLOAT)) {
            float[] logits = logits(featureMatrix, kernelMatrix, bias);
            float[] dz = new float[count * classes];
            double[] biasGradient = new double[classes];
            double lossSum = 0;
            for (int i = 0; i < count; i++) {
                int row = i * classes;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, logits[row + c]);
                }
                double sumExp = 0;
                for (int c = 0; c < classes; c++) {
                    sumExp += Math.exp(logits[row + c] - max);
                }
                double logSumExp = max + Math.log(sumExp);
                double targetMass = 0;
                for (int c = 0; c < classes; c++) {
                    double t = targets[row + c];
                    targetMass += t;
                    lossSum -= t * (logits[row + c] - logSumExp);
                }
                for (int c = 0; c < classes; c++) {
                    double gradient = (Math.exp(logits[row + c] - logSumExp) * targetMass - targets[row + c]) / count;
                    dz[row + c] = (float) gradient;
                    biasGradient[c] += gradient;
                }
            }
            try (INDArray dzMatrix = Nd4j.create(dz, new long[] {count, classes}, DataType.FLOAT);
                 INDArray kernelGradient = Nd4j.gemm(featureMatrix, dzMatrix, true, false);
                 INDArray featureGradient = Nd4j.gemm(dzMatrix, kernelMatrix, false, true)) {
                return new Result(lossSum / count, FloatArrays.copyOf(kernelGradient), toFloat(biasGradient), logits,
                        FloatArrays.copyOf(featureGradient));
            }
        }
    }

    /** The logits [n x C] of features [n x D]. */
    public static float[] logits(float[] features, int count, int depth, float[] kernel, float[] bias, int classes) {
        requireRows(count);
        try (INDArray featureMatrix = Nd4j.create(features, new long[] {count, depth}, DataType.FLOAT);
             INDArray kernelMatrix = Nd4j.create(kernel, new long[] {depth, classes}, DataType.FLOAT)) {
            return logits(featureMatrix, kernelMatrix, bias);
        }
    }

    private static float[] logits(INDArray features, INDArray kernel, float[] bias) {
        try (INDArray product = Nd4j.gemm(features, kernel, false, false)) {
            float[] logits = FloatArrays.copyOf(product);
            for (int i = 0; i < logits.length; i++) {
                logits[i] += bias[i % bias.length];
            }
            return logits;
        }
    }

    /** The engines answer an empty batch themselves; here it is a caller's mistake. */
    private static void requireRows(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("the head needs at least one row of features, not " + count);
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
