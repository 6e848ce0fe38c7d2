package io.bigtransfer.model.internal.eager;

import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A standardized convolution with a kernel larger than 1x1 (the root's 7x7, the units' 3x3) on
 * the layer's own NHWC activations and the HWIO kernel, with explicit symmetric zero padding:
 * through oneDNN directly ({@link DnnlConv}) where it loaded, else through ND4J's native
 * {@code conv2d} and {@code conv2d_bp}, which run the same oneDNN behind reorders.
 */
final class SpatialConv {
    final StandardizedKernel kernel;
    private final Activation input;
    private final Activation output;
    private final Activation outputGradient;
    private final Activation inputGradient;
    /** Null where oneDNN did not load. */
    private final DnnlConv direct;
    /** libnd4j's conv2d integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, VALID (0), NHWC (1), HWIO (0). */
    private final int[] arguments;

    /**
     * {@code outputGradient} and {@code inputGradient} are null for a layer that only runs forward;
     * without {@code inputGradientNeeded} (the root) oneDNN skips the input's gradient, and ND4J's
     * op writes it into {@code inputGradient} all the same. {@code oneDnn}: whether to call oneDNN
     * directly (where {@link Dnnl#available()}).
     */
    SpatialConv(StandardizedKernel kernel, int stride, int padding, Activation input, Activation output,
                Activation outputGradient, Activation inputGradient, boolean inputGradientNeeded, boolean oneDnn) {
        this.kernel = kernel;
        this.input = input;
        this.output = output;
        this.outputGradient = outputGradient;
        this.inputGradient = inputGradient;
        arguments = new int[] {kernel.shape[0], kernel.shape[1], stride, stride, padding, padding, 1, 1, 0, 1, 0};
        direct = oneDnn ? new DnnlConv(kernel, stride, padding, input, output, outputGradient,
                inputGradientNeeded ? inputGradient : null, false) : null;
    }

    void forward(int count) {
        if (direct != null) {
            direct.forward(count);
            return;
        }
        Nd4j.exec(DynamicCustomOp.builder("conv2d")
                .addInputs(input.images(count), kernel.array)
                .addOutputs(output.images(count))
                .addIntegerArguments(arguments)
                .build());
    }

    /** Writes the input's gradient and the kernel's from the output's gradient. */
    void backward(int count) {
        if (direct != null) {
            direct.backward(count);
            return;
        }
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(input.images(count), kernel.array, outputGradient.images(count))
                .addOutputs(inputGradient.images(count), kernel.gradient)
                .addIntegerArguments(arguments)
                .build());
    }

    /** Frees oneDNN's objects; the arrays belong to the network. */
    void release() {
        if (direct != null) {
            direct.release();
        }
    }
}
