package io.bigtransfer.streams.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.streams.s3.FaultyProxy.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads through a proxy that throttles, stalls and cuts off answers still return the right bytes. */
class S3RetryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Far beyond the timeout: only the timeout can end a stalled attempt in time. */
    private static final long STALL_MS = 120_000;

    @TempDir
    static Path folder;
    private static EmbeddedS3Store store;

    @BeforeAll
    static void start() throws IOException {
        store = EmbeddedS3Store.start(folder.resolve("s3"));
        Path objects = folder.resolve("objects");
        Files.createDirectories(objects);
        for (int i = 0; i < 4; i++) {
            Files.write(objects.resolve("o" + i), S3StorageTest.random(20_000 + i, i));
        }
        store.importFolder(objects, S3Uri.parse("s3://data/objects"));
    }

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void readsSucceedThroughThrottlingStallsAndCutOffAnswers() throws Exception {
        // Every request fails three times (each a different way) before it is let through. Five
        // retries, not three: on a loaded machine a connection can also fail on its own.
        List<Fault> firstAttempts = List.of(Fault.SLOW_DOWN, Fault.STALL_BEFORE_ANSWER, Fault.STALL_MID_BODY);
        try (FaultyProxy proxy = new FaultyProxy(store.endpoint(), STALL_MS,
                (request, earlier) -> earlier < firstAttempts.size() ? firstAttempts.get(earlier) : Fault.NONE);
             S3Storage storage = S3Storage.open(S3TestSupport.throughProxy(store, proxy, TIMEOUT, 5))) {
            // All reads at once, from several threads, as decode threads read.
            List<Callable<Void>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                S3Uri object = S3Uri.parse("s3://data/objects/o" + i);
                byte[] expected = Files.readAllBytes(folder.resolve("objects/o" + i));
                reads.add(() -> {
                    assertArrayEquals(expected, storage.get(object));
                    return null;
                });
                reads.add(() -> {
                    assertArrayEquals(Arrays.copyOfRange(expected, 100, 300), storage.get(object, 100, 200));
                    return null;
                });
            }
            ExecutorService threads = Executors.newFixedThreadPool(reads.size());
            long start = System.nanoTime();
            try {
                for (Future<Void> read : threads.invokeAll(reads)) {
                    read.get();
                }
            } finally {
                threads.shutdownNow();
            }
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(STALL_MS / 4));
            assertEquals(8, proxy.count(Fault.SLOW_DOWN));
            assertEquals(8, proxy.count(Fault.STALL_BEFORE_ANSWER));
            assertEquals(8, proxy.count(Fault.STALL_MID_BODY));
            assertEquals(8, proxy.count(Fault.NONE));
        }
    }

    @Test
    void retriesAreBoundedAndTheFailureIsOneSentence() throws IOException {
        try (FaultyProxy proxy = new FaultyProxy(store.endpoint(), STALL_MS, (request, earlier) -> Fault.SLOW_DOWN);
             S3Storage storage = S3Storage.open(S3TestSupport.throughProxy(store, proxy, TIMEOUT, 2))) {
            IOException e = assertThrows(IOException.class, () -> storage.get(S3Uri.parse("s3://data/objects/o1")));
            assertEquals("Reading s3://data/objects/o1 failed after 3 attempts: S3 answered 503 SlowDown"
                    + " (Please reduce your request rate).", e.getMessage());
            // Attempts that fail before reaching the proxy count among the three, never beyond.
            assertTrue(proxy.count(Fault.SLOW_DOWN) >= 1 && proxy.count(Fault.SLOW_DOWN) <= 3);
        }
    }

    @Test
    void aMissingObjectIsNotRetried() throws IOException {
        try (FaultyProxy proxy = new FaultyProxy(store.endpoint(), STALL_MS, (request, earlier) -> Fault.NONE);
             S3Storage storage = S3Storage.open(S3TestSupport.throughProxy(store, proxy, TIMEOUT, 3))) {
            assertThrows(java.io.FileNotFoundException.class, () -> storage.get(S3Uri.parse("s3://data/objects/none")));
            assertEquals(1, proxy.count(Fault.NONE));
        }
    }
}
