package io.bigtransfer.config;

/** {@code bit.train.schedule}: how the learning rate falls after the warmup. */
public enum LearningRateDecay {
    /** Half a cosine from the base rate down to 0 at the last step. */
    COSINE,
    /** The base rate divided by 10 after each of {@code bit.train.decay-steps}. */
    STEPS
}
