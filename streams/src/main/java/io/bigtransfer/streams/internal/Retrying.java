package io.bigtransfer.streams.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request again after a transient failure ({@link S3Failures#isTransient}), at most
 * {@code maxRetries} times, waiting 100 ms, 200 ms, 400 ms, ... (at most 5 s, each +-20% so that
 * many readers throttled together do not come back together). Waiting holds no thread.
 */
public final class Retrying {
    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final double JITTER = 0.2;

    private final int maxRetries;

    public Retrying(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative, got " + maxRetries);
        }
        this.maxRetries = maxRetries;
    }

    /**
     * The outcome of the first attempt that succeeds or fails for good. After the last transient
     * failure it fails with {@link RetriesExhausted}, holding that failure.
     */
    public <T> CompletableFuture<T> run(String request, Supplier<CompletionStage<T>> attempt) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(request, attempt, 0, result);
        return result;
    }

    static long backoffMillis(int retry) {
        long base = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(retry, 20));
        return Math.round(base * (1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1)));
    }

    private <T> void attempt(String request, Supplier<CompletionStage<T>> attempt, int retry, CompletableFuture<T> result) {
        CompletionStage<T> stage;
        try {
            stage = attempt.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
                return;
            }
            Throwable cause = S3Failures.unwrap(failure);
            if (!S3Failures.isTransient(cause)) {
                result.completeExceptionally(cause);
            } else if (retry >= maxRetries) {
                result.completeExceptionally(new RetriesExhausted(retry + 1, cause));
            } else {
                long wait = backoffMillis(retry);
                LOG.info("{} failed ({}); retry {} of {} in {} ms", request, cause.toString(), retry + 1, maxRetries, wait);
                CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS)
                        .execute(() -> attempt(request, attempt, retry + 1, result));
            }
        });
    }
}
