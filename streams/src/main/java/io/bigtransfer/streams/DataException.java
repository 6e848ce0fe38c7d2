package io.bigtransfer.streams;

/** A data set cannot be used at all (missing folder, no images); its message is one sentence. */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
