package io.bigtransfer.streams;

/**
 * Counter-based randomness: draw {@code k} is a pure function of (seed, epoch, sample index,
 * purpose, k). Nothing is shared between samples or threads, so a sample gets the same crop and
 * flip whichever worker decodes it, in whatever order, and a resumed run repeats them exactly.
 *
 * <p>The key is folded into a 64-bit state with the SplitMix64 finalizer; draw {@code k} is the
 * k-th output of SplitMix64 started from that state.
 */
public final class SampleRandom {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long state;

    private SampleRandom(long state) {
        this.state = state;
    }

    public static SampleRandom of(long seed, long epoch, long sampleIndex, RandomPurpose purpose) {
        long state = absorb(0L, seed);
        state = absorb(state, epoch);
        state = absorb(state, sampleIndex);
        return new SampleRandom(absorb(state, purpose.id()));
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double uniform(long draw) {
        return (bits(draw) >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound); the bias is below bound / 2^63. */
    public int below(int bound, long draw) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // High half of a 63-bit x 32-bit product: floor(x * bound / 2^63), no modulo bias to speak of.
        return (int) Math.multiplyHigh(bits(draw) >>> 1, (long) bound << 1);
    }

    private long bits(long draw) {
        return mix(state + (draw + 1) * GOLDEN_GAMMA);
    }

    /** Mixing the value before adding keeps neighbouring values (index i, i+1) far apart. */
    private static long absorb(long state, long value) {
        return mix(state + GOLDEN_GAMMA + mix(value ^ GOLDEN_GAMMA));
    }

    /** The SplitMix64 finalizer (Stafford's variant 13): a bijection with full avalanche. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
