package io.bigtransfer.model;

import io.bigtransfer.backend.NativeBackend;

/**
 * Builds the gradient engine this process is configured for ({@code bit.backend.engine}, through
 * {@link NativeBackend}): {@link EagerGradientEngine} or {@link SameDiffGradientEngine}.
 */
public final class GradientEngines {
    private GradientEngines() {
    }

    /** An engine that trains on {@code height x width} images. */
    public static GradientEngine create(ModelSpec spec, int height, int width) {
        return switch (NativeBackend.engine()) {
            case SAMEDIFF -> new SameDiffGradientEngine(spec, height, width);
            default -> new EagerGradientEngine(spec, height, width);
        };
    }

    /** An engine that trains only the head (linear probing). */
    public static GradientEngine linearProbe(ModelSpec spec, int height, int width) {
        return switch (NativeBackend.engine()) {
            case SAMEDIFF -> SameDiffGradientEngine.linearProbe(spec, height, width);
            default -> EagerGradientEngine.linearProbe(spec, height, width);
        };
    }
}
