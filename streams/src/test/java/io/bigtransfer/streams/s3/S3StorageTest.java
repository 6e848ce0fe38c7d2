package io.bigtransfer.streams.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3StorageTest {
    @TempDir
    static Path folder;
    private static EmbeddedS3Store store;
    private static S3Storage storage;

    @BeforeAll
    static void start() {
        store = EmbeddedS3Store.start(folder.resolve("s3"));
        store.createBucket("data");
        storage = S3Storage.open(S3TestSupport.settings(store));
    }

    @AfterAll
    static void stop() {
        if (storage != null) {
            storage.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void putGetRangeSizeAndDelete() throws IOException {
        S3Uri object = S3Uri.parse("s3://data/small/one.bin");
        byte[] bytes = random(3000, 1);
        storage.put(object, bytes);

        assertArrayEquals(bytes, storage.get(object));
        assertArrayEquals(Arrays.copyOfRange(bytes, 1000, 1100), storage.get(object, 1000, 100));
        assertEquals(OptionalLong.of(3000), storage.size(object));
        assertTrue(storage.exists(object));

        storage.delete(object);
        assertFalse(storage.exists(object));
        assertEquals(OptionalLong.empty(), storage.size(object));
    }

    @Test
    void aFileLargerThanOnePartIsUploadedInParts() throws IOException {
        Path file = folder.resolve("large.bin");
        byte[] bytes = random(S3Storage.PART_SIZE + 12345, 2);
        Files.write(file, bytes);
        S3Uri object = S3Uri.parse("s3://data/large/large.bin");

        storage.put(object, file);

        assertArrayEquals(bytes, storage.get(object));
        long lastOffset = S3Storage.PART_SIZE + 12000;
        assertArrayEquals(Arrays.copyOfRange(bytes, (int) lastOffset, bytes.length),
                storage.get(object, lastOffset, bytes.length - (int) lastOffset));
    }

    @Test
    void listingPagesPastAThousandKeys() throws IOException {
        Path many = folder.resolve("many");
        Files.createDirectories(many);
        for (int i = 0; i < 1100; i++) {
            Files.write(many.resolve(String.format("k%04d", i)), new byte[] {1});
        }
        store.importFolder(many, S3Uri.parse("s3://data/many"));

        List<StoredObject> listed = storage.list(S3Uri.parse("s3://data/many"));

        assertEquals(IntStream.range(0, 1100).mapToObj(i -> String.format("s3://data/many/k%04d", i)).toList(),
                listed.stream().map(o -> o.uri().toString()).toList());
        assertTrue(listed.stream().allMatch(o -> o.size() == 1));
    }

    @Test
    void aMissingObjectIsNamedInOneSentence() {
        S3Uri missing = S3Uri.parse("s3://data/nothing/here.jpg");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> storage.get(missing));
        assertEquals("s3://data/nothing/here.jpg does not exist.", e.getMessage());
    }

    @Test
    void aMissingBucketIsNamedInOneSentence() {
        S3Uri location = S3Uri.parse("s3://no-such-bucket/prefix");
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> storage.requireBucket(location));
        assertEquals("The bucket no-such-bucket of s3://no-such-bucket/prefix does not exist.", e.getMessage());
        assertThrows(FileNotFoundException.class, () -> storage.list(location));
    }

    @Test
    void aRangePastTheEndFails() throws IOException {
        S3Uri object = S3Uri.parse("s3://data/short.bin");
        storage.put(object, new byte[10]);
        IOException e = assertThrows(IOException.class, () -> storage.get(object, 5, 10));
        assertTrue(e.getMessage().startsWith("s3://data/short.bin ends before byte 15"), e.getMessage());
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
