package io.bigtransfer.model.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Group Normalization of NHWC activations built from basic ops (ND4J 1.0.0-M2.1 has none):
 * channels split into {@code groups} consecutive groups, each normalized over (H, W, its channels)
 * with the biased variance and epsilon 1e-5, then scaled and shifted per channel.
 */
final class GroupNorm {
    static final double EPSILON = 1e-5;

    private GroupNorm() {
    }

    static SDVariable apply(SameDiff sd, SDVariable input, SDVariable gamma, SDVariable beta, int groups,
            long height, long width, long channels) {
        long perGroup = channels / groups;
        SDVariable grouped = input.reshape(-1, height, width, groups, perGroup);
        SDVariable centered = grouped.sub(groupMean(grouped));
        // Mean of squares, not sd.variance (STACK.md, bug 1).
        SDVariable variance = groupMean(centered.mul(centered));
        // 1/sigma per (image, group) and gamma per channel meet in a small [n, 1, 1, G, C/G] tensor,
        // so the activation-sized tensor sees a single multiply (see FastOps for why it matters).
        SDVariable scale = sd.math().rsqrt(variance.add(EPSILON)).mul(gamma.reshape(1, 1, 1, groups, perGroup));
        SDVariable scaled = FastOps.broadcastMultiply(sd, centered, scale, 1, height, width, 1, 1);
        return sd.nn().biasAdd(scaled.reshape(-1, height, width, channels), beta, false);
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
