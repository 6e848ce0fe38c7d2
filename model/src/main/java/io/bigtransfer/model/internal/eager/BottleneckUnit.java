package io.bigtransfer.model.internal.eager;

import io.bigtransfer.backend.NamedBuffers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pre-activation bottleneck unit with its preallocated activations and gradients:
 * {@code pre = relu(gn_a(x))}, {@code out = conv_c(relu(gn_c(conv_b(relu(gn_b(conv_a(pre)))))))
 * + shortcut}, where the shortcut is {@code x}, or the projection of {@code pre} in a block's first
 * unit; {@code conv_b} (3x3) and the projection carry the unit's stride.
 */
final class BottleneckUnit {
    private final Activation input;
    final Activation output;
    private final GroupNormReluLayer normA;
    private final GroupNormReluLayer normB;
    private final GroupNormReluLayer normC;
    private final PointwiseConv convA;
    private final SpatialConv convB;
    private final PointwiseConv convC;
    /** Null where the shortcut is the identity. */
    private final PointwiseConv projection;
    private final Activation pre;
    private final Activation a;
    private final Activation reluA;
    private final Activation b;
    private final Activation reluB;
    /** Gradients, null unless the unit trains. */
    final Activation outputGradient;
    private final Activation preGradient;
    private final Activation aGradient;
    private final Activation reluAGradient;
    private final Activation bGradient;
    private final Activation reluBGradient;
    private final List<Activation> owned = new ArrayList<>();

    BottleneckUnit(String prefix, Map<String, int[]> shapes, Activation input, int stride, int groups,
                   int capacity, boolean trains, boolean oneDnn) {
        this.input = input;
        StandardizedKernel kernelA = kernel(prefix + "a/", shapes);
        StandardizedKernel kernelB = kernel(prefix + "b/", shapes);
        StandardizedKernel kernelC = kernel(prefix + "c/", shapes);
        String projectionName = prefix + "a/proj/standardized_conv2d/kernel";
        int mid = kernelA.out();
        int outHeight = (input.height + stride - 1) / stride;
        int outWidth = (input.width + stride - 1) / stride;
        pre = own(capacity, input.height, input.width, input.channels);
        a = own(capacity, input.height, input.width, mid);
        reluA = own(capacity, input.height, input.width, mid);
        b = own(capacity, outHeight, outWidth, mid);
        reluB = own(capacity, outHeight, outWidth, mid);
        output = own(capacity, outHeight, outWidth, kernelC.out());
        normA = new GroupNormReluLayer(prefix + "a/", input, groups, capacity);
        normB = new GroupNormReluLayer(prefix + "b/", a, groups, capacity);
        normC = new GroupNormReluLayer(prefix + "c/", b, groups, capacity);
        outputGradient = trains ? own(capacity, outHeight, outWidth, kernelC.out()) : null;
        preGradient = trains ? own(capacity, input.height, input.width, input.channels) : null;
        aGradient = trains ? own(capacity, input.height, input.width, mid) : null;
        reluAGradient = trains ? own(capacity, input.height, input.width, mid) : null;
        bGradient = trains ? own(capacity, outHeight, outWidth, mid) : null;
        reluBGradient = trains ? own(capacity, outHeight, outWidth, mid) : null;
        convA = new PointwiseConv(kernelA, 1, pre, a, aGradient, preGradient, false, false, capacity,
                oneDnn);
        convB = new SpatialConv(kernelB, stride, 1, reluA, b, bGradient, reluAGradient, true, oneDnn);
        // The residual branch adds onto the shortcut, already in the output.
        convC = new PointwiseConv(kernelC, 1, reluB, output, outputGradient, reluBGradient, true, false, capacity,
                oneDnn);
        // The projection's input gradient adds to the first convolution's: both read pre.
        projection = shapes.containsKey(projectionName)
                ? new PointwiseConv(new StandardizedKernel(projectionName, shapes.get(projectionName)), stride, pre,
                        output, outputGradient, preGradient, false, true, capacity, oneDnn)
                : null;
    }

    /** Takes the group norms' parameters; the network loads the kernels ({@link #kernels}), all at once. */
    void loadNorms(NamedBuffers parameters) {
        for (GroupNormReluLayer norm : List.of(normA, normB, normC)) {
            norm.load(parameters);
        }
    }

    void forward(int count) {
        normA.forward(input, pre, count);
        if (projection == null) {
            output.images(count).assign(input.images(count));
        } else {
            projection.forward(count);
        }
        convA.forward(count);
        normB.forward(a, reluA, count);
        convB.forward(count);
        normC.forward(b, reluB, count);
        convC.forward(count);
    }

    /** From {@link #outputGradient}, writes {@code inputGradient} and every parameter's gradient. */
    void backward(Activation inputGradient, int count) {
        convC.backward(count);
        normC.backward(reluBGradient, b, bGradient, null, count);
        convB.backward(count);
        normB.backward(reluAGradient, a, aGradient, null, count);
        convA.backward(count);
        if (projection != null) {
            projection.backward(count);
        }
        normA.backward(preGradient, input, inputGradient, projection == null ? outputGradient : null, count);
    }

    /** Puts the last backward pass's group norm gradients into {@code gradients}, by name. */
    void collectNormGradients(Map<String, float[]> gradients) {
        for (GroupNormReluLayer norm : List.of(normA, normB, normC)) {
            gradients.put(norm.gammaName, norm.gammaGradient());
            gradients.put(norm.betaName, norm.betaGradient());
        }
    }

    /** Frees the unit's arrays; its kernels belong to the network's list and are freed there. */
    void release() {
        owned.forEach(Activation::release);
        convA.release();
        convB.release();
        convC.release();
        if (projection != null) {
            projection.release();
        }
    }

    List<StandardizedKernel> kernels() {
        List<StandardizedKernel> kernels = new ArrayList<>(List.of(convA.kernel, convB.kernel, convC.kernel));
        if (projection != null) {
            kernels.add(projection.kernel);
        }
        return kernels;
    }

    private Activation own(int capacity, int height, int width, int channels) {
        Activation activation = new Activation(capacity, height, width, channels);
        owned.add(activation);
        return activation;
    }

    private static StandardizedKernel kernel(String prefix, Map<String, int[]> shapes) {
        String name = prefix + "standardized_conv2d/kernel";
        return new StandardizedKernel(name, shapes.get(name));
    }
}
