package io.bigtransfer.streams;

import java.io.IOException;

/** An input that is skipped, and why. */
public class BadInputException extends IOException {
    private final SkipReason reason;

    public BadInputException(SkipReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public SkipReason reason() {
        return reason;
    }
}
