package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.GammaSampler;

/**
 * BiT's mixup weight: lambda ~ Beta(alpha, alpha), one per global batch. It is a pure function of
 * (seed, step), drawn from {@link SampleRandom} key (seed, step in the epoch's place, sample 0,
 * {@link RandomPurpose#MIXUP}), so every worker computes the same lambda for its slice of a step
 * without talking to the others, and a resumed run repeats it.
 */
public final class Mixup {
    private Mixup() {
    }

    /** X / (X + Y) for X, Y ~ Gamma(alpha, 1), X drawn first, Y from the draws X left unused. */
    public static double lambda(long seed, long step, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be positive and finite, got " + alpha);
        }
        GammaSampler gamma = new GammaSampler(SampleRandom.of(seed, step, 0, RandomPurpose.MIXUP));
        double logX = gamma.logGamma(alpha);
        double logY = gamma.logGamma(alpha);
        return 1 / (1 + Math.exp(logY - logX));
    }
}
