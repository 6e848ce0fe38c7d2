package io.bigtransfer.model.internal.eager;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_data_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_backward_weights_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_format_tag_any;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_training;
import static org.bytedeco.dnnl.global.dnnl.dnnl_hwio;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_nhwc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_diff_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;

/**
 * A convolution of any kernel size computed by oneDNN directly ({@link Dnnl}): forward,
 * backward-data and backward-weights primitives bound once to the layer's own NHWC activations and
 * gradients (no activation reorders), with the kernel reordered from HWIO into the layout oneDNN
 * picks when a new parameter version was loaded, and its gradient reordered back. Direct
 * algorithm, explicit symmetric zero padding. The primitives are made once per batch size met and
 * kept. ND4J's own ops run the same oneDNN behind an NHWC interface but reorder every activation on
 * every backward call and pick Winograd for the deep layers' weight gradient (docs/speed.md).
 */
final class DnnlConv {
    private final StandardizedKernel kernel;
    private final int stride;
    private final int padding;
    private final Activation input;
    private final Activation output;
    /** Null where the layer only runs forward. */
    private final Activation outputGradient;
    /** Null where the input's gradient is not needed (the root) or the layer only runs forward. */
    private final Activation inputGradient;
    /** Whether the forward pass adds its result to what the output holds (a residual sum). */
    private final boolean addToOutput;
    private final Dnnl.Owned natives = new Dnnl.Owned();
    private final dnnl_stream stream = Dnnl.stream(natives);
    /** Primitives by batch size: a run meets one or two (the full batch and a last, smaller one). */
    private final Map<Integer, Passes> passes = new HashMap<>();

    DnnlConv(StandardizedKernel kernel, int stride, int padding, Activation input, Activation output,
             Activation outputGradient, Activation inputGradient, boolean addToOutput) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.input = input;
        this.output = output;
        this.outputGradient = outputGradient;
        this.inputGradient = inputGradient;
        this.addToOutput = addToOutput;
    }

    void forward(int count) {
        Passes p = passes.computeIfAbsent(count, Passes::new);
        if (p.reorderedVersion != kernel.version()) {
            p.kernelIn.run(stream);
            if (p.kernelInForBackward != null) {
                p.kernelInForBackward.run(stream);
            }
            p.reorderedVersion = kernel.version();
        }
        p.forward.run(stream);
    }

    /** Writes the kernel's gradient and, where the layer has one, the input's gradient (replacing it). */
    void backward(int count) {
        Passes p = passes.get(count);
        if (p.backwardData != null) {
            p.backwardData.run(stream);
        }
        p.backwardWeights.run(stream);
        p.kernelGradientOut.run(stream);
    }

    /** Destroys every oneDNN object of this layer (the arrays it wraps stay). */
    void release() {
        natives.close();
        passes.clear();
    }

    /** One batch size's primitives, bound to the first {@code count} images of the layer's arrays. */
    private final class Passes {
        final Dnnl.Call forward;
        final Dnnl.Call kernelIn;
        /** Null where backward-data reads the forward's kernel layout. */
        final Dnnl.Call kernelInForBackward;
        final Dnnl.Call backwardData;
        final Dnnl.Call backwardWeights;
        final Dnnl.Call kernelGradientOut;
        /** The kernel version last reordered into this pass's kernel memories. */
        long reorderedVersion = -1;

        Passes(int count) {
            long[] sourceDims = {count, input.channels, input.height, input.width};
            long[] kernelDims = {kernel.out(), kernel.in(), kernel.shape[0], kernel.shape[1]};
            long[] destinationDims = {count, output.channels, output.height, output.width};
            long[] strides = {stride, stride};
            long[] paddingLeft = {padding, padding};
            long[] paddingRight = {rightPadding(input.height, output.height), rightPadding(input.width, output.width)};
            dnnl_memory_desc_t source = Dnnl.descriptor(sourceDims, dnnl_nhwc);
            dnnl_memory_desc_t destination = Dnnl.descriptor(destinationDims, dnnl_nhwc);
            dnnl_memory_desc_t anyKernel = Dnnl.descriptor(kernelDims, dnnl_format_tag_any);
            dnnl_memory_desc_t userKernel = Dnnl.descriptor(kernelDims, dnnl_hwio);

            dnnl_convolution_desc_t forwardOp = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl_convolution_forward_desc_init(forwardOp, dnnl_forward_training, dnnl_convolution_direct,
                    source, anyKernel, null, destination, strides, paddingLeft, paddingRight),
                    "dnnl_convolution_forward_desc_init");
            dnnl_primitive_desc forwardDescriptor = Dnnl.primitiveDescriptor(natives, forwardOp,
                    addToOutput ? Dnnl.addToDestination(natives) : null, null);
            dnnl_memory_desc_t forwardKernel = dnnl_primitive_desc_query_md(forwardDescriptor, dnnl_query_weights_md, 0);
            dnnl_memory kernelMemory = Dnnl.allocate(natives, forwardKernel);
            dnnl_memory userKernelMemory = Dnnl.wrap(natives, userKernel, kernel.array);
            forward = new Dnnl.Call(Dnnl.primitive(natives, forwardDescriptor),
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                    new dnnl_memory[] {Dnnl.wrap(natives, source, input.images(count)), kernelMemory,
                        Dnnl.wrap(natives, destination, output.images(count))});
            kernelIn = Dnnl.reorder(natives, userKernel, userKernelMemory, forwardKernel, kernelMemory);
            if (outputGradient == null) {
                kernelInForBackward = null;
                backwardData = null;
                backwardWeights = null;
                kernelGradientOut = null;
                return;
            }
            dnnl_memory diffDestination = Dnnl.wrap(natives, destination, outputGradient.images(count));
            if (inputGradient != null) {
                dnnl_convolution_desc_t dataOp = new dnnl_convolution_desc_t();
                Dnnl.check(dnnl_convolution_backward_data_desc_init(dataOp, dnnl_convolution_direct, source, anyKernel,
                        destination, strides, paddingLeft, paddingRight), "dnnl_convolution_backward_data_desc_init");
                dnnl_primitive_desc dataDescriptor = Dnnl.primitiveDescriptor(natives, dataOp, null, forwardDescriptor);
                dnnl_memory_desc_t dataKernel = dnnl_primitive_desc_query_md(dataDescriptor, dnnl_query_weights_md, 0);
                dnnl_memory dataKernelMemory = kernelMemory;
                if (dnnl_memory_desc_equal(dataKernel, forwardKernel) == 0) {
                    dataKernelMemory = Dnnl.allocate(natives, dataKernel);
                    kernelInForBackward = Dnnl.reorder(natives, userKernel, userKernelMemory, dataKernel, dataKernelMemory);
                } else {
                    kernelInForBackward = null;
                }
                backwardData = new Dnnl.Call(Dnnl.primitive(natives, dataDescriptor),
                        new int[] {DNNL_ARG_DIFF_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_DST},
                        new dnnl_memory[] {Dnnl.wrap(natives, source, inputGradient.images(count)), dataKernelMemory,
                            diffDestination});
            } else {
                kernelInForBackward = null;
                backwardData = null;
            }
            dnnl_convolution_desc_t weightsOp = new dnnl_convolution_desc_t();
            Dnnl.check(dnnl_convolution_backward_weights_desc_init(weightsOp, dnnl_convolution_direct, source,
                    anyKernel, null, destination, strides, paddingLeft, paddingRight),
                    "dnnl_convolution_backward_weights_desc_init");
            dnnl_primitive_desc weightsDescriptor = Dnnl.primitiveDescriptor(natives, weightsOp, null, forwardDescriptor);
            dnnl_memory_desc_t gradientKernel = dnnl_primitive_desc_query_md(weightsDescriptor,
                    dnnl_query_diff_weights_md, 0);
            dnnl_memory gradientMemory = Dnnl.allocate(natives, gradientKernel);
            backwardWeights = new Dnnl.Call(Dnnl.primitive(natives, weightsDescriptor),
                    new int[] {DNNL_ARG_SRC, DNNL_ARG_DIFF_WEIGHTS, DNNL_ARG_DIFF_DST},
                    new dnnl_memory[] {Dnnl.wrap(natives, source, input.images(count)), gradientMemory, diffDestination});
            kernelGradientOut = Dnnl.reorder(natives, gradientKernel, gradientMemory, userKernel,
                    Dnnl.wrap(natives, userKernel, kernel.gradient));
        }

        /**
         * The right/bottom padding that makes oneDNN's output size the one the network uses (0 where
         * the last input row is not read at all, as with a 1x1 kernel at stride 2 on an even size).
         */
        private long rightPadding(int in, int out) {
            return Math.max(0, (long) (out - 1) * stride + kernel.shape[0] - in - padding);
        }
    }
}
