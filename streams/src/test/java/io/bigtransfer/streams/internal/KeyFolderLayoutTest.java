package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyFolderLayoutTest {
    @Test
    void classesAreSortedAndSamplesListedByClassThenNameAsJavaStringsCompare() {
        // S3 lists in UTF-8 byte order; "Z" < "a" < "é" either way, but the listing must not depend on it.
        KeyFolderLayout layout = KeyFolderLayout.of(List.of("zebra/b.png", "zebra/a.jpg", "apple/z.png", "apple/10.png",
                "apple/9.png", "Apple/x.png"));

        assertEquals(List.of("Apple", "apple", "zebra"), layout.classNames());
        assertEquals(List.of("Apple/x.png", "apple/10.png", "apple/9.png", "apple/z.png", "zebra/a.jpg", "zebra/b.png"),
                layout.sampleKeys());
        assertArrayEquals(new int[] {0, 1, 1, 1, 2, 2}, layout.labels());
    }

    @Test
    void ignoresLooseKeysHiddenNamesAndDeeperKeysButKeepsTheirClasses() {
        KeyFolderLayout layout = KeyFolderLayout.of(List.of("loose.png", ".hidden/x.png", "cat/.DS_Store",
                "cat/nested/deep.png", "cat/one.png", "empty/", "deep/only/x.png", ""));

        // A folder marker ("empty/") or a deeper key makes a class, as an empty local folder does.
        assertEquals(List.of("cat", "deep", "empty"), layout.classNames());
        assertEquals(List.of("cat/one.png"), layout.sampleKeys());
        assertArrayEquals(new int[] {0}, layout.labels());
    }
}
