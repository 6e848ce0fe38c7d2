package io.bigtransfer.model.internal;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The tests' reference group norm: {@link GroupNorm#forward} on plainly reshaped inputs, so SameDiff
 * differentiates it op by op, with each basic op's own backward.
 */
final class OpByOpGroupNorm {
    private OpByOpGroupNorm() {
    }

    static SDVariable apply(SameDiff sd, SDVariable input, SDVariable gamma, SDVariable beta, int groups,
            long height, long width, long channels) {
        long perGroup = channels / groups;
        return GroupNorm.forward(sd, input.reshape(-1, height, width, groups, perGroup),
                gamma.reshape(1, 1, 1, groups, perGroup), beta, height, width, channels).output();
    }
}
