package io.bigtransfer.config;

/** {@code bit.train.hyperrule}: which rule derives unset training settings from the data. */
public enum HyperRule {
    /** {@code off} when training from scratch, the only start this build offers. */
    AUTO,
    /** Explicit values and the upstream defaults. */
    OFF
}
