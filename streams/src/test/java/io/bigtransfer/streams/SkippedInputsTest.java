package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SkippedInputsTest {
    @Test
    void summaryListsReasonsInTheirOrder() {
        SkippedInputs skipped = new SkippedInputs();
        assertEquals("skipped 0 inputs", skipped.summary());
        skipped.record("/a", SkipReason.TRUNCATED, "cut");
        skipped.record("/b", SkipReason.NOT_AN_IMAGE, "text");
        skipped.record("/c", SkipReason.TRUNCATED, "cut");
        assertEquals("skipped 3 inputs: not-an-image 1, truncated 2", skipped.summary());
        assertEquals(3, skipped.total());
    }

    @Test
    void anInputMetAgainCountsOnce() {
        SkippedInputs skipped = new SkippedInputs();
        skipped.record("/a", SkipReason.EMPTY, "zero bytes");
        skipped.record("/a", SkipReason.EMPTY, "zero bytes");
        assertEquals(Map.of(SkipReason.EMPTY, 1L), skipped.snapshot());
    }

    @Test
    void countsFromManyThreads() throws InterruptedException {
        SkippedInputs skipped = new SkippedInputs();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < 1000; i++) {
                    skipped.record("/" + thread + "/" + i, SkipReason.values()[i % 2], "bad");
                    skipped.record("/shared/" + i, SkipReason.CORRUPT, "bad");
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        assertEquals(Map.of(SkipReason.UNREADABLE, 2000L, SkipReason.EMPTY, 2000L, SkipReason.CORRUPT, 1000L),
                skipped.snapshot());
    }
}
