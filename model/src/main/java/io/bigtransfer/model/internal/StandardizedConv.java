package io.bigtransfer.model.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * BiT's weight-standardized convolution on NHWC activations with an HWIO kernel. The graph's
 * kernel variable holds the kernel already standardized: {@link WeightStandardization} runs
 * outside the graph when parameters are loaded, and turns the graph's kernel gradient into the
 * raw kernel's ({@link LoadedGraph}).
 */
final class StandardizedConv {
    private StandardizedConv() {
    }

    /**
     * Explicit symmetric zero padding {@code padding}, no bias. {@code shape} is the kernel's HWIO
     * shape and {@code height, width} the input's spatial size.
     */
    static SDVariable apply(SameDiff sd, SDVariable input, SDVariable kernel, int[] shape, int stride, int padding,
            int height, int width) {
        if (shape[0] == 1 && shape[1] == 1 && padding == 0) {
            return pointwise(sd, input, kernel.reshape(shape[2], shape[3]), shape[2], shape[3], stride, height, width);
        }
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(shape[0]).kW(shape[1]).sH(stride).sW(stride).pH(padding).pW(padding).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NHWC)
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        return sd.cnn().conv2d(input, kernel, config);
    }

    /**
     * A 1x1 convolution as one matrix product over all pixels: the same arithmetic without the
     * convolution op's per-call set-up, which dominates at the small sizes of deep blocks.
     */
    private static SDVariable pointwise(SameDiff sd, SDVariable input, SDVariable kernel, int in, int out,
            int stride, int height, int width) {
        SDVariable sampled = input;
        int h = height;
        int w = width;
        if (stride > 1) {
            sampled = sd.stridedSlice(input, new long[] {0, 0, 0, 0}, new long[] {0, height, width, in},
                    new long[] {1, stride, stride, 1}, 1, 1, 0, 0, 0);
            h = (height + stride - 1) / stride;
            w = (width + stride - 1) / stride;
        }
        return sampled.reshape(-1, in).mmul(kernel).reshape(-1, h, w, out);
    }
}
