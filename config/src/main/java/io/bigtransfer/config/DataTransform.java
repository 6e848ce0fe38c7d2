package io.bigtransfer.config;

/** {@code bit.data.transform}: BiT's preprocessing families (DESIGN.md, "BiT facts"). */
public enum DataTransform {
    /** Inception crop, resize to the resolution, flip: pre-training. */
    UPSTREAM,
    /** Shorter side to round(R * 256 / 224), random crop R (center crop for evaluation), flip. */
    DOWNSTREAM,
    /** The official HyperRule's: squash to a square, random crop, flip; evaluation squashes to R. */
    OFFICIAL
}
