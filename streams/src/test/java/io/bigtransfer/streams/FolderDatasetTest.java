package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderDatasetTest {
    @TempDir
    Path root;

    private void file(String relative) {
        TestImages.write(root.resolve(relative), new byte[] {1});
    }

    @Test
    void classesAreSortedFolderNamesAndSamplesAreListedByClassThenName() {
        file("zebra/b.png");
        file("zebra/a.jpg");
        file("apple/z.png");
        file("apple/10.png");
        file("apple/9.png");

        FolderDataset dataset = FolderDataset.open(root);

        assertEquals(List.of("apple", "zebra"), dataset.classNames());
        assertEquals(5, dataset.size());
        List<String> listing = java.util.stream.IntStream.range(0, dataset.size())
                .mapToObj(i -> root.relativize(dataset.sample(i).path()) + ":" + dataset.sample(i).label())
                .toList();
        assertEquals(List.of("apple/10.png:0", "apple/9.png:0", "apple/z.png:0", "zebra/a.jpg:1", "zebra/b.png:1"),
                listing);
    }

    @Test
    void ignoresRootFilesDotNamesAndNestedFolders() throws IOException {
        file("loose.png");
        file(".hidden/x.png");
        file("cat/.DS_Store");
        file("cat/nested/deep.png");
        file("cat/one.png");
        Files.createDirectories(root.resolve("empty"));

        FolderDataset dataset = FolderDataset.open(root);

        // An empty class folder still takes its place in the class order.
        assertEquals(List.of("cat", "empty"), dataset.classNames());
        assertEquals(1, dataset.size());
        assertEquals(new FolderSample(root.resolve("cat/one.png"), 0), dataset.sample(0));
        assertEquals(0, dataset.label(0));
        assertArrayEquals(new byte[] {1}, dataset.read(0));
        assertEquals(root.resolve("cat/one.png").toString(), dataset.location(0));
    }

    @Test
    void missingFolderIsRefusedInOneSentenceNamingIt() {
        Path missing = root.resolve("nope");
        assertOneSentenceNaming(missing, assertThrows(DataException.class, () -> FolderDataset.open(missing)));
    }

    @Test
    void aFileInsteadOfAFolderIsRefused() {
        file("plain.png");
        Path plain = root.resolve("plain.png");
        assertOneSentenceNaming(plain, assertThrows(DataException.class, () -> FolderDataset.open(plain)));
    }

    @Test
    void folderWithoutClassFoldersIsRefused() {
        file("loose.png");
        assertOneSentenceNaming(root, assertThrows(DataException.class, () -> FolderDataset.open(root)));
    }

    @Test
    void classFoldersWithoutImagesAreRefused() throws IOException {
        Files.createDirectories(root.resolve("a"));
        file("b/.hidden.png");
        DataException e = assertThrows(DataException.class, () -> FolderDataset.open(root));
        assertOneSentenceNaming(root, e);
        assertTrue(e.getMessage().contains("no images"), e.getMessage());
    }

    private static void assertOneSentenceNaming(Path path, DataException e) {
        String message = e.getMessage();
        assertTrue(message.contains(path.toString()), message);
        assertTrue(message.endsWith("."), message);
        assertFalse(message.contains(". "), message);
    }
}
