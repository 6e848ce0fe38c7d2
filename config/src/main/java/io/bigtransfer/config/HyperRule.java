package io.bigtransfer.config;

/** {@code bit.train.hyperrule}: which rule derives unset training settings from the data. */
public enum HyperRule {
    /**
     * {@code off} when training from scratch; with {@code bit.model.init} the cosine HyperRule, which
     * this build does not have yet, so it refuses that combination.
     */
    AUTO,
    /** Explicit values and the upstream defaults. */
    OFF
}
