package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSizesTest {
    /** Samples with the given bytes (null: reading fails); remembers which were read. */
    private static final class BytesDataset implements Dataset {
        private final List<byte[]> samples;
        private final List<Integer> reads = new ArrayList<>();

        BytesDataset(List<byte[]> samples) {
            this.samples = samples;
        }

        @Override
        public List<String> classNames() {
            return List.of("only");
        }

        @Override
        public int size() {
            return samples.size();
        }

        @Override
        public int label(int index) {
            return 0;
        }

        @Override
        public byte[] read(int index) throws IOException {
            reads.add(index);
            if (samples.get(index) == null) {
                throw new NoSuchFileException("mem:" + index);
            }
            return samples.get(index);
        }

        @Override
        public String location(int index) {
            return "mem:" + index;
        }
    }

    private static final byte[] JUNK = "not an image".getBytes(StandardCharsets.US_ASCII);

    @Test
    void mediansOfHeightAndWidthEachOnItsOwn() {
        // Only headers: these files have no image data, so a decoder would refuse every one of them.
        List<byte[]> samples = new ArrayList<>(List.of(TestImages.pngHeader(10, 20), TestImages.pngHeader(30, 5),
                JUNK, TestImages.pngHeader(50, 40), TestImages.jpegHeader(20, 10)));
        // Heights 20, 5, 40, 10 -> 5 10 | 20 40, the lower middle 10; widths 10, 30, 50, 20 -> 20.
        assertEquals(new ImageSize(10, 20), ImageSizes.probe(new BytesDataset(samples), 100));
        samples.add(TestImages.jpegHeader(100, 100));
        // Heights 5 10 20 40 100 -> 20; widths 10 20 30 50 100 -> 30.
        assertEquals(new ImageSize(20, 30), ImageSizes.probe(new BytesDataset(samples), 100));
    }

    @Test
    void probesEvenlySpacedSamplesOnly() {
        List<byte[]> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(TestImages.pngHeader(100 + i, 200 + i));
        }
        BytesDataset dataset = new BytesDataset(samples);
        // floor(k * 10 / 3) for k = 0, 1, 2: samples 0, 3, 6 (sizes 100, 103, 106 wide).
        assertEquals(new ImageSize(203, 103), ImageSizes.probe(dataset, 3));
        assertEquals(List.of(0, 3, 6), dataset.reads);
    }

    @Test
    void ignoresUnreadableFilesAndHeadersTrainingWouldRefuse() {
        BytesDataset dataset = new BytesDataset(Arrays.asList(null, new byte[0], JUNK,
                TestImages.pngHeader(10000, 10000), TestImages.jpegHeader(0, 10), TestImages.pngHeader(64, 48)));
        assertEquals(new ImageSize(48, 64), ImageSizes.probe(dataset, 6));
    }

    @Test
    void refusesInOneSentenceWhenNoHeaderIsReadable() {
        BytesDataset dataset = new BytesDataset(Arrays.asList(JUNK, null));
        DataException e = assertThrows(DataException.class, () -> ImageSizes.probe(dataset, 5));
        assertEquals("None of the 2 images probed (the first at mem:0) has a readable PNG or JPEG header.",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageSizes.probe(dataset, 0));
    }

    @Test
    void readsTheHeadersOfRealPngAndJpegFiles(@TempDir Path root) {
        // TestImages.folder's class c0: 10 x 10 (PNG), 17 x 15 (JPEG), 15 x 13 (PNG), width x height.
        FolderDataset dataset = FolderDataset.open(TestImages.folder(root, 1, 3));
        assertEquals(new ImageSize(13, 15), ImageSizes.probe(dataset, 3));
    }
}
