package io.bigtransfer.checkpoints.internal;

/** Failure messages of other layers inside our one-sentence messages. */
public final class FailureText {

    private FailureText() {
    }

    /** An exception's message as a clause to follow a colon: without the full stop some messages end with. */
    public static String clause(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
