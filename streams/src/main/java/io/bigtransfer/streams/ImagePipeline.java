package io.bigtransfer.streams;

import io.bigtransfer.config.Normalization;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How samples become model inputs: decoded by {@code decoder} on {@code executor}, at most
 * {@code parallelism} of a batch at a time (give the executor that many threads), shaped by
 * {@code transform}, normalized; bad inputs are counted in {@code skipped}.
 */
public record ImagePipeline(Transform transform, Normalization normalization, ImageDecoder decoder,
                            int parallelism, Executor executor, SkippedInputs skipped) {
    public ImagePipeline {
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(skipped, "skipped");
        if (parallelism <= 0) {
            throw new IllegalArgumentException("decode parallelism must be positive, got " + parallelism);
        }
    }
}
