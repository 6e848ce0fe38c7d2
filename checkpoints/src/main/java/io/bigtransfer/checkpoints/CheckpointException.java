package io.bigtransfer.checkpoints;

/** A checkpoint that cannot be read or written; the message is one sentence naming the file. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
