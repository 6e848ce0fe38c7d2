package io.bigtransfer.actors.remote.bulk;

/** Why a {@link TensorChannel#fetch} failed, in one sentence that names the ref. */
public final class TensorFetchException extends RuntimeException {
    public TensorFetchException(String message) {
        super(message);
    }

    public TensorFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}
