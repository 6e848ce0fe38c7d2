package io.bigtransfer.model.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * BiT's weight-standardized convolution on NHWC activations with an HWIO kernel: every output
 * filter is standardized over (H, W, Cin) with its biased variance before the convolution, inside
 * the graph, so the gradient reaches the raw kernel through the standardization.
 */
final class StandardizedConv {
    static final double EPSILON = 1e-10;

    private StandardizedConv() {
    }

    /** Explicit symmetric zero padding {@code padding}, no bias. */
    static SDVariable apply(SameDiff sd, SDVariable input, SDVariable kernel, int size, int stride, int padding) {
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(size).kW(size).sH(stride).sW(stride).pH(padding).pW(padding).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NHWC)
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        return sd.cnn().conv2d(input, standardize(sd, kernel), config);
    }

    /**
     * {@code (w - mean) / sqrt(var + 1e-10)} per output filter. The variance is the mean of the
     * squared deviations, not {@code sd.variance}: ND4J's variance op turns unbiased in the
     * gradient pass (STACK.md, bug 1).
     */
    static SDVariable standardize(SameDiff sd, SDVariable kernel) {
        SDVariable centered = kernel.sub(kernel.mean(true, 0, 1, 2));
        SDVariable variance = sd.math().square(centered).mean(true, 0, 1, 2);
        return centered.mul(sd.math().rsqrt(variance.add(EPSILON)));
    }
}
