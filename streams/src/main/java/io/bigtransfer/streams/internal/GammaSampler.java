package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.SampleRandom;

/**
 * Gamma(shape, 1) variates from one {@link SampleRandom} key, consuming its draws 0, 1, 2, ... in
 * turn (a rejection sampler needs a varying number). Marsaglia and Tsang's method (2000) for
 * shape >= 1; below 1 their boost, Gamma(a) = Gamma(a + 1) * U^(1/a). Results are logarithms:
 * for shapes below about 0.05, U^(1/a) can underflow to 0, and a Beta ratio would become 0 / 0.
 */
public final class GammaSampler {
    private final SampleRandom random;
    private long nextDraw;

    public GammaSampler(SampleRandom random) {
        this.random = random;
    }

    /** The logarithm of a Gamma(shape, 1) variate; shape must be positive. */
    public double logGamma(double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("a gamma shape must be positive and finite, got " + shape);
        }
        if (shape < 1) {
            double boost = Math.log(positiveUniform()) / shape;
            return logGamma(shape + 1) + boost;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            if (Math.log(positiveUniform()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return Math.log(d) + Math.log(v);
            }
        }
    }

    /** Uniform in (0, 1], so its logarithm is finite. */
    private double positiveUniform() {
        return 1 - random.uniform(nextDraw++);
    }

    /** Standard normal by Box-Muller (the cosine half). */
    private double normal() {
        double radius = Math.sqrt(-2 * Math.log(positiveUniform()));
        return radius * Math.cos(2 * Math.PI * random.uniform(nextDraw++));
    }
}
