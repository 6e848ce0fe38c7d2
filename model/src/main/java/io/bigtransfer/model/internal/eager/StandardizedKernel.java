package io.bigtransfer.model.internal.eager;

import io.bigtransfer.model.internal.FloatArrays;
import io.bigtransfer.model.internal.WeightStandardization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One convolution's HWIO kernel as the engine holds it: standardized when a parameter version is
 * loaded ({@link WeightStandardization}, in Java), and its gradient, computed by the convolution's
 * backward pass for the standardized kernel, carried back through the standardization on export.
 */
final class StandardizedKernel {
    final String name;
    final int[] shape;
    /** The standardized kernel, HWIO. */
    final INDArray array;
    /** The gradient of the standardized kernel, HWIO, written by the backward pass. */
    final INDArray gradient;
    private double[] inverseStd;
    /** How many parameter versions were loaded: layers that copy the kernel elsewhere compare it. */
    private long version;

    StandardizedKernel(String name, int[] shape) {
        this.name = name;
        this.shape = shape.clone();
        long[] dims = {shape[0], shape[1], shape[2], shape[3]};
        array = Nd4j.create(DataType.FLOAT, dims);
        gradient = Nd4j.create(DataType.FLOAT, dims);
    }

    int in() {
        return shape[2];
    }

    int out() {
        return shape[3];
    }

    void load(float[] raw) {
        inverseStd = WeightStandardization.forward(raw, out(), FloatArrays.writableBuffer(array, shape, name));
        version++;
    }

    long version() {
        return version;
    }

    /** A new row-major copy of the raw kernel's gradient. */
    float[] rawGradient() {
        return WeightStandardization.backward(gradient.data().asNioFloat(), array.data().asNioFloat(), inverseStd,
                (int) array.length());
    }

    void release() {
        array.close();
        gradient.close();
    }
}
