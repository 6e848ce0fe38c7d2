package io.bigtransfer.model.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Group Normalization of NHWC activations built from basic ops (ND4J 1.0.0-M2.1 has none):
 * channels split into {@code groups} consecutive groups, each normalized over (H, W, its channels)
 * with the biased variance and epsilon 1e-5, then scaled and shifted per channel. The graph uses it
 * through {@link GroupNormRelu}, which gives it a hand-written backward.
 */
final class GroupNorm {
    static final double EPSILON = 1e-5;

    private GroupNorm() {
    }

    /** The forward pass's intermediates the backward needs, and its output [n, H, W, C]. */
    record Forward(SDVariable centered, SDVariable inverse, SDVariable scale, SDVariable output) {
    }

    /**
     * The forward pass on the grouped input [n, H, W, G, C/G], with gamma as [1, 1, 1, G, C/G] and
     * beta as [C]: {@code centered = x - mean}, {@code inverse = 1/sqrt(var + eps)} [n, 1, 1, G, 1],
     * {@code scale = inverse * gamma} [n, 1, 1, G, C/G] (the activation-sized tensor sees a single
     * multiply), {@code output = centered * scale + beta}.
     */
    static Forward forward(SameDiff sd, SDVariable grouped, SDVariable gamma, SDVariable beta, long height,
            long width, long channels) {
        SDVariable centered = grouped.sub(groupMean(grouped));
        // Mean of squares, not sd.variance (STACK.md, bug 1).
        SDVariable variance = groupMean(centered.mul(centered));
        SDVariable inverse = sd.math().rsqrt(variance.add(EPSILON));
        SDVariable scale = inverse.mul(gamma);
        SDVariable output = sd.nn().biasAdd(centered.mul(scale).reshape(-1, height, width, channels), beta, false);
        return new Forward(centered, inverse, scale, output);
    }

    /**
     * The mean of a grouped [n, H, W, G, C/G] tensor over (H, W, C/G), kept as [n, 1, 1, G, 1], in
     * two levels: over (W, C/G), then over H (equal counts, so it is the same mean). ND4J
     * 1.0.0-M2.1's float32 mean loses digits with the count: over all H*W*C/G values at once
     * (25,088 in R50x1's first block at 224x224) it was 3.9e-6 off on values of mean 0.7, in two
     * levels 2.6e-7. In one level, that rounding put R50x1's logits 1.3e-4 from float64; in two,
     * 2.6e-5 (PyTorch's float32: 2.1e-5), at no measurable cost to the training step.
     */
    static SDVariable groupMean(SDVariable grouped) {
        return grouped.mean(true, 2, 4).mean(true, 1);
    }
}
