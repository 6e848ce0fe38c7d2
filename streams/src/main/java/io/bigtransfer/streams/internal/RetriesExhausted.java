package io.bigtransfer.streams.internal;

/** The last transient failure of a request that was tried {@code attempts} times. */
final class RetriesExhausted extends RuntimeException {
    private final int attempts;

    RetriesExhausted(int attempts, Throwable last) {
        super("failed after " + attempts + " attempts", last);
        this.attempts = attempts;
    }

    int attempts() {
        return attempts;
    }
}
