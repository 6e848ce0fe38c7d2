package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.s3.S3Uri;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.stream.connectors.s3.S3Exception;

/** Which S3 failures are worth another attempt, and one-sentence messages for the rest. */
public final class S3Failures {
    private S3Failures() {
    }

    /**
     * Server errors (5xx), throttling (429; S3's SlowDown is a 503) and request timeouts (408) pass;
     * so does a failure without any S3 answer (a timeout, a refused or broken connection). Other
     * answers (missing key or bucket, access denied) and requests refused before sending are final.
     */
    static boolean isTransient(Throwable failure) {
        S3Exception answer = find(failure, S3Exception.class);
        if (answer != null) {
            int status = answer.statusCode().intValue();
            return status >= 500 || status == 429 || status == 408;
        }
        return find(failure, IllegalArgumentException.class) == null;
    }

    /** The failure of {@code action} ("Reading", "Listing", ...) on {@code uri} as an IOException with one sentence. */
    public static IOException describe(Throwable failure, String action, S3Uri uri) {
        Throwable cause = unwrap(failure);
        if (cause instanceof RetriesExhausted exhausted) {
            return new IOException(action + " " + uri + " failed after " + exhausted.attempts() + " attempts: "
                    + summary(exhausted.getCause()) + ".", exhausted.getCause());
        }
        S3Exception answer = find(cause, S3Exception.class);
        if (answer != null && answer.statusCode().intValue() == 404) {
            FileNotFoundException missing = new FileNotFoundException("NoSuchBucket".equals(answer.code())
                    ? "The bucket " + uri.bucket() + " of " + uri + " does not exist."
                    : uri + " does not exist.");
            missing.initCause(cause);
            return missing;
        }
        if (answer != null && answer.statusCode().intValue() == 403) {
            return new IOException("Access to " + uri + " was denied (" + summary(answer) + "); check bit.s3.access-key-id"
                    + " and bit.s3.secret-access-key or the environment variables " + S3Credentials.KEY_ID + " and "
                    + S3Credentials.SECRET + ".", cause);
        }
        return new IOException(action + " " + uri + " failed: " + summary(cause) + ".", cause);
    }

    /** The failure inside the wrappers that futures and streams put around it. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String summary(Throwable cause) {
        if (cause instanceof S3Exception answer) {
            String message = answer.message() == null ? "" : answer.message().strip();
            while (message.endsWith(".")) {
                message = message.substring(0, message.length() - 1);
            }
            return "S3 answered " + answer.statusCode().intValue() + " " + answer.code()
                    + (message.isEmpty() ? "" : " (" + message + ")");
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message.strip() + ")");
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
