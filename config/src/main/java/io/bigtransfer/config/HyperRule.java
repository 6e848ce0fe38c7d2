package io.bigtransfer.config;

/** {@code bit.train.hyperrule}: which rule derives the training settings a user left unset. */
public enum HyperRule {
    /** {@link #COSINE} when {@code bit.model.init} fine-tunes given weights, {@link #OFF} otherwise. */
    AUTO,
    /** The product's BiT-HyperRule: a fixed step budget by data set size, cosine decay without warmup. */
    COSINE,
    /** google-research/big_transfer's rule: warmup, then lr / 10 at fixed step boundaries. */
    OFFICIAL,
    /** Explicit values and the upstream pre-training defaults. */
    OFF;

    /** What {@link #AUTO} means for a job that does or does not start from given weights. */
    public HyperRule resolve(boolean fineTuning) {
        if (this != AUTO) {
            return this;
        }
        return fineTuning ? COSINE : OFF;
    }
}
