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
        SDVariable centered = grouped.sub(grouped.mean(true, 1, 2, 4));
        // Mean of squares, not sd.variance (STACK.md, bug 1).
        SDVariable variance = centered.mul(centered).mean(true, 1, 2, 4);
        // 1/sigma per (image, group) and gamma per channel meet in a small [n, 1, 1, G, C/G] tensor,
        // so the activation-sized tensor sees a single multiply (see FastOps for why it matters).
        SDVariable scale = sd.math().rsqrt(variance.add(EPSILON)).mul(gamma.reshape(1, 1, 1, groups, perGroup));
        SDVariable scaled = FastOps.broadcastMultiply(sd, centered, scale, 1, height, width, 1, 1);
        return sd.nn().biasAdd(scaled.reshape(-1, height, width, channels), beta, false);
    }
}
