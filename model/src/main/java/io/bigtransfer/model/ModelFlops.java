package io.bigtransfer.model;

import io.bigtransfer.model.internal.ResNetV2Graph;

/**
 * Multiply-accumulates of a forward pass of one image through the convolutions and the head (GN,
 * WS, ReLU and pooling are a rounding error next to them). A training step costs about three
 * forward passes (forward, and the two halves of backward), so its FLOPs are {@code 6 * MACs}.
 */
public final class ModelFlops {
    private ModelFlops() {
    }

    public static long forwardMacs(ModelSpec spec, int height, int width) {
        long macs = (long) halve(height) * halve(width) * 7 * 7 * 3 * spec.rootWidth();
        long h = ResNetV2Graph.rootOutputSize(height);
        long w = ResNetV2Graph.rootOutputSize(width);
        long in = spec.rootWidth();
        for (int block = 1; block <= ModelSpec.BLOCKS; block++) {
            long mid = spec.middleWidth(block);
            long out = spec.outputWidth(block);
            for (int unit = 1; unit <= spec.units()[block - 1]; unit++) {
                boolean strided = unit == 1 && ModelSpec.blockStride(block) == 2;
                long outH = strided ? (h + 1) / 2 : h;
                long outW = strided ? (w + 1) / 2 : w;
                macs += h * w * in * mid + outH * outW * (9 * mid * mid + mid * out);
                if (unit == 1) {
                    macs += outH * outW * in * out;
                }
                h = outH;
                w = outW;
                in = out;
            }
        }
        return macs + in * spec.classes();
    }

    private static int halve(int size) {
        return (size + 1) / 2;
    }

    /** FLOPs of one training step (forward and backward) of one image. */
    public static double trainingFlopsPerImage(ModelSpec spec, int height, int width) {
        return 6.0 * forwardMacs(spec, height, width);
    }
}
