package io.bigtransfer.model.internal.eager;

import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A standardized convolution with a kernel larger than 1x1 (the root's 7x7, the units' 3x3):
 * ND4J's native {@code conv2d} and {@code conv2d_bp} (oneDNN) on NHWC activations and the HWIO
 * kernel, with explicit symmetric zero padding, writing into preallocated arrays.
 */
final class SpatialConv {
    final StandardizedKernel kernel;
    /** libnd4j's conv2d integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, VALID (0), NHWC (1), HWIO (0). */
    private final int[] arguments;

    SpatialConv(StandardizedKernel kernel, int stride, int padding) {
        this.kernel = kernel;
        arguments = new int[] {kernel.shape[0], kernel.shape[1], stride, stride, padding, padding, 1, 1, 0, 1, 0};
    }

    void forward(Activation input, Activation output, int count) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d")
                .addInputs(input.images(count), kernel.array)
                .addOutputs(output.images(count))
                .addIntegerArguments(arguments)
                .build());
    }

    /** Writes the input's gradient into {@code inputGradient} and the kernel's into the kernel. */
    void backward(Activation input, Activation outputGradient, Activation inputGradient, int count) {
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(input.images(count), kernel.array, outputGradient.images(count))
                .addOutputs(inputGradient.images(count), kernel.gradient)
                .addIntegerArguments(arguments)
                .build());
    }
}
