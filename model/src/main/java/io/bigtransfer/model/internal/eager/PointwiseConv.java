package io.bigtransfer.model.internal.eager;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A standardized 1x1 convolution as matrix products over all pixels (rows [n*H*W, C]) into
 * preallocated arrays; with stride 2, over the pixels at even rows and columns, gathered into a
 * buffer of their own. The products can add to what the output already holds, which is how a
 * unit sums its residual branch and shortcut, and the gradients of a tensor read by two
 * convolutions.
 */
final class PointwiseConv {
    final StandardizedKernel kernel;
    private final INDArray matrix;
    private final INDArray matrixGradient;
    private final int stride;
    /** With stride 2: the sampled input and its gradient. */
    private final Activation sampled;
    private final Activation sampledGradient;

    PointwiseConv(StandardizedKernel kernel, int stride, Activation input, int capacity, boolean trains) {
        this.kernel = kernel;
        this.stride = stride;
        matrix = asMatrix(kernel.array);
        matrixGradient = asMatrix(kernel.gradient);
        if (stride == 1) {
            sampled = null;
            sampledGradient = null;
        } else {
            int height = (input.height + stride - 1) / stride;
            int width = (input.width + stride - 1) / stride;
            sampled = new Activation(capacity, height, width, input.channels);
            sampledGradient = trains ? new Activation(capacity, height, width, input.channels) : null;
        }
    }

    /** {@code output = conv(input)}, or {@code output += conv(input)} when {@code accumulate}. */
    void forward(Activation input, Activation output, int count, boolean accumulate) {
        Activation source = input;
        if (stride > 1) {
            ParallelTasks.forEach(count, image -> gather(input, image));
            source = sampled;
        }
        Nd4j.gemm(source.rows(count), matrix, output.rows(count), false, false, 1.0, accumulate ? 1.0 : 0.0);
    }

    /**
     * Writes the kernel's gradient, and the input's gradient into {@code inputGradient}, added to
     * what it holds when {@code accumulate}.
     */
    void backward(Activation input, Activation outputGradient, Activation inputGradient, int count,
                  boolean accumulate) {
        Activation source = stride == 1 ? input : sampled;
        Nd4j.gemm(source.rows(count), outputGradient.rows(count), matrixGradient, true, false, 1.0, 0.0);
        if (stride == 1) {
            Nd4j.gemm(outputGradient.rows(count), matrix, inputGradient.rows(count), false, true, 1.0,
                    accumulate ? 1.0 : 0.0);
            return;
        }
        Nd4j.gemm(outputGradient.rows(count), matrix, sampledGradient.rows(count), false, true, 1.0, 0.0);
        ParallelTasks.forEach(count, image -> scatter(inputGradient, image, accumulate));
    }

    void release() {
        if (sampled != null) {
            sampled.release();
        }
        if (sampledGradient != null) {
            sampledGradient.release();
        }
    }

    /** The 1x1xINxOUT kernel's buffer as [IN, OUT], shared, never a copy. */
    private INDArray asMatrix(INDArray kernelArray) {
        return Nd4j.create(kernelArray.data(), new long[] {kernel.in(), kernel.out()}, new long[] {kernel.out(), 1}, 0,
                'c');
    }

    private void gather(Activation input, int image) {
        FloatBuffer from = input.data;
        FloatBuffer to = sampled.data;
        int channels = input.channels;
        int target = image * sampled.imageSize();
        for (int i = 0; i < sampled.height; i++) {
            for (int j = 0; j < sampled.width; j++) {
                int source = image * input.imageSize() + (i * stride * input.width + j * stride) * channels;
                for (int c = 0; c < channels; c++) {
                    to.put(target++, from.get(source + c));
                }
            }
        }
    }

    private void scatter(Activation inputGradient, int image, boolean accumulate) {
        FloatBuffer from = sampledGradient.data;
        FloatBuffer to = inputGradient.data;
        int channels = inputGradient.channels;
        int base = image * inputGradient.imageSize();
        if (!accumulate) {
            for (int k = base; k < base + inputGradient.imageSize(); k++) {
                to.put(k, 0f);
            }
        }
        int source = image * sampledGradient.imageSize();
        for (int i = 0; i < sampledGradient.height; i++) {
            for (int j = 0; j < sampledGradient.width; j++) {
                int target = base + (i * stride * inputGradient.width + j * stride) * channels;
                for (int c = 0; c < channels; c++, source++) {
                    to.put(target + c, to.get(target + c) + from.get(source));
                }
            }
        }
    }
}
