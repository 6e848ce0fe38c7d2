package io.bigtransfer.model;

/** A weights file that cannot be read or does not describe a BiT model, in one sentence naming it. */
public final class WeightsFileException extends RuntimeException {
    public WeightsFileException(String message) {
        super(message);
    }

    public WeightsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
