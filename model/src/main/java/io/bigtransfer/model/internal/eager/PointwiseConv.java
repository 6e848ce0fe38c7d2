package io.bigtransfer.model.internal.eager;

import io.bigtransfer.model.internal.ParallelTasks;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A standardized 1x1 convolution on the layer's own NHWC arrays, of stride 1 or 2, whose forward
 * pass can add to what its output holds (how a unit sums its residual branch onto its shortcut) and
 * whose input gradient can add to what that holds (the tensor the projection and the first
 * convolution both read). Through oneDNN directly ({@link DnnlConv}) where it loaded, else as
 * matrix products over all pixels (rows [n*H*W, C]; with stride 2 over the pixels at even rows and
 * columns, gathered into a buffer of their own).
 */
final class PointwiseConv {
    final StandardizedKernel kernel;
    private final int stride;
    private final Activation input;
    private final Activation output;
    private final Activation outputGradient;
    private final Activation inputGradient;
    private final boolean addToOutput;
    private final boolean addToInputGradient;
    /** Null where oneDNN did not load. */
    private final DnnlConv direct;
    /** oneDNN's input gradient before it is added to {@link #inputGradient}; null unless needed. */
    private final Activation directInputGradient;
    /** Without oneDNN: the kernel and its gradient as [IN, OUT] matrices. */
    private final INDArray matrix;
    private final INDArray matrixGradient;
    /** Without oneDNN, at stride 2: the sampled input and its gradient. */
    private final Activation sampled;
    private final Activation sampledGradient;

    /**
     * {@code outputGradient} and {@code inputGradient} are null for a layer that only runs forward;
     * {@code oneDnn}: whether to call oneDNN directly (where {@link Dnnl#available()}).
     */
    PointwiseConv(StandardizedKernel kernel, int stride, Activation input, Activation output, Activation outputGradient,
                  Activation inputGradient, boolean addToOutput, boolean addToInputGradient, int capacity,
                  boolean oneDnn) {
        this.kernel = kernel;
        this.stride = stride;
        this.input = input;
        this.output = output;
        this.outputGradient = outputGradient;
        this.inputGradient = inputGradient;
        this.addToOutput = addToOutput;
        this.addToInputGradient = addToInputGradient;
        boolean trains = outputGradient != null;
        if (oneDnn) {
            directInputGradient = trains && addToInputGradient
                    ? new Activation(capacity, input.height, input.width, input.channels) : null;
            direct = new DnnlConv(kernel, stride, 0, input, output, outputGradient,
                    directInputGradient != null ? directInputGradient : inputGradient, addToOutput);
            sampled = null;
            sampledGradient = null;
            matrix = null;
            matrixGradient = null;
        } else {
            direct = null;
            directInputGradient = null;
            matrix = asMatrix(kernel.array);
            matrixGradient = asMatrix(kernel.gradient);
            int height = (input.height + stride - 1) / stride;
            int width = (input.width + stride - 1) / stride;
            sampled = stride == 1 ? null : new Activation(capacity, height, width, input.channels);
            sampledGradient = stride == 1 || !trains ? null : new Activation(capacity, height, width, input.channels);
        }
    }

    void forward(int count) {
        if (direct != null) {
            direct.forward(count);
            return;
        }
        Activation source = input;
        if (stride > 1) {
            ParallelTasks.forEach(count, this::gather);
            source = sampled;
        }
        Nd4j.gemm(source.rows(count), matrix, output.rows(count), false, false, 1.0, addToOutput ? 1.0 : 0.0);
    }

    /** Writes the kernel's gradient, and the input's gradient (or adds it, as constructed). */
    void backward(int count) {
        if (direct != null) {
            direct.backward(count);
            if (directInputGradient != null) {
                inputGradient.images(count).addi(directInputGradient.images(count));
            }
            return;
        }
        Activation source = stride == 1 ? input : sampled;
        Nd4j.gemm(source.rows(count), outputGradient.rows(count), matrixGradient, true, false, 1.0, 0.0);
        if (stride == 1) {
            Nd4j.gemm(outputGradient.rows(count), matrix, inputGradient.rows(count), false, true, 1.0,
                    addToInputGradient ? 1.0 : 0.0);
            return;
        }
        Nd4j.gemm(outputGradient.rows(count), matrix, sampledGradient.rows(count), false, true, 1.0, 0.0);
        ParallelTasks.forEach(count, this::scatter);
    }

    /** Frees the arrays and oneDNN objects of its own; the others belong to the network. */
    void release() {
        if (direct != null) {
            direct.release();
        }
        for (Activation activation : new Activation[] {directInputGradient, sampled, sampledGradient}) {
            if (activation != null) {
                activation.release();
            }
        }
    }

    /** The 1x1xINxOUT kernel's buffer as [IN, OUT], shared, never a copy. */
    private INDArray asMatrix(INDArray kernelArray) {
        return Nd4j.create(kernelArray.data(), new long[] {kernel.in(), kernel.out()}, new long[] {kernel.out(), 1}, 0,
                'c');
    }

    private void gather(int image) {
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

    private void scatter(int image) {
        FloatBuffer from = sampledGradient.data;
        FloatBuffer to = inputGradient.data;
        int channels = inputGradient.channels;
        int base = image * inputGradient.imageSize();
        if (!addToInputGradient) {
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
