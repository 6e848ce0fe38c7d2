package io.bigtransfer.streams.internal;

import static io.bigtransfer.streams.internal.TurboJpegTesting.maxAbsDiff;
import static io.bigtransfer.streams.internal.TurboJpegTesting.meanAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.Photos;
import io.bigtransfer.streams.PixelBuffer;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.TestImages;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TurboJpegDecoderTest {
    private final ImageDecoder imageIo = ImageDecoder.imageIo();
    private ImageDecoder turbo;

    @BeforeEach
    void load() {
        turbo = TurboJpegTesting.turboJpeg();
    }

    /** Smooth colours, so JPEG keeps them well; odd sides, so the last MCU is partial. */
    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int blue = (x + y) * 127 / (width + height);
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8 | blue);
            }
        }
        return image;
    }

    @Test
    void decodesAnImageIoJpegAsImageIoDoes() throws Exception {
        byte[] jpeg = TestImages.encode(gradient(37, 29), "jpg");
        RgbImage ours = turbo.decode(jpeg);
        RgbImage reference = imageIo.decode(jpeg);
        assertEquals(37, ours.width());
        assertEquals(29, ours.height());
        assertTrue(maxAbsDiff(ours, reference) <= 2, "max difference " + maxAbsDiff(ours, reference));
    }

    @Test
    void decodesARealPhotoAsImageIoDoes() throws Exception {
        byte[] photo = Photos.graceHopper();
        RgbImage ours = turbo.decode(photo);
        RgbImage reference = imageIo.decode(photo);
        assertEquals(reference.width(), ours.width());
        assertEquals(reference.height(), ours.height());
        assertTrue(meanAbsDiff(ours, reference) < 0.5, "mean difference " + meanAbsDiff(ours, reference));
        assertTrue(maxAbsDiff(ours, reference) <= 4, "max difference " + maxAbsDiff(ours, reference));
    }

    @Test
    void decodesIntoAReusedBufferAsIntoAFreshArray() throws Exception {
        byte[] large = TestImages.encode(gradient(37, 29), "jpg");
        byte[] small = TestImages.encode(gradient(11, 7), "jpg");
        PixelBuffer reuse = new PixelBuffer();
        RgbImage first = turbo.decodeReduced(large, 1, reuse).image();
        byte[] firstPixels = Arrays.copyOf(first.pixels(), 37 * 29 * 3);
        assertArrayEquals(turbo.decode(large).pixels(), firstPixels);

        RgbImage second = turbo.decodeReduced(small, 1, reuse).image();
        assertSame(first.pixels(), second.pixels(), "the smaller image goes into the same array");
        assertArrayEquals(turbo.decode(small).pixels(), Arrays.copyOf(second.pixels(), 11 * 7 * 3));
    }

    @Test
    void greyJpegBecomesGreyRgb() throws Exception {
        BufferedImage grey = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        int[] values = new int[200];
        Arrays.setAll(values, i -> i % 20 * 12);
        grey.getRaster().setPixels(0, 0, 20, 10, values);
        byte[] jpeg = TestImages.encode(grey, "jpg");
        RgbImage ours = turbo.decode(jpeg);
        for (int i = 0; i < 200; i++) {
            assertEquals(ours.pixels()[i * 3], ours.pixels()[i * 3 + 1]);
            assertEquals(ours.pixels()[i * 3], ours.pixels()[i * 3 + 2]);
        }
        assertTrue(maxAbsDiff(ours, imageIo.decode(jpeg)) <= 1);
    }

    /** Pure red, green, blue, white and black, in ink amounts (C, M, Y, K). */
    private static final int[][] INKS = {{0, 255, 255, 0}, {255, 0, 255, 0}, {255, 255, 0, 0}, {0, 0, 0, 0},
        {0, 0, 0, 255}};
    private static final int[][] RGB_OF_INKS = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}, {0, 0, 0}};

    /** Five stripes of 16x16 blocks, one per ink, so each block has a single colour. */
    private static int[] stripes(boolean inverted) {
        int[] samples = new int[80 * 16 * 4];
        for (int p = 0; p < 80 * 16; p++) {
            int[] ink = INKS[p % 80 / 16];
            for (int c = 0; c < 4; c++) {
                samples[p * 4 + c] = inverted ? 255 - ink[c] : ink[c];
            }
        }
        return samples;
    }

    private static void assertStripes(RgbImage image) {
        for (int stripe = 0; stripe < 5; stripe++) {
            int at = (8 * 80 + stripe * 16 + 8) * 3; // the middle of the stripe's block
            for (int c = 0; c < 3; c++) {
                assertEquals(RGB_OF_INKS[stripe][c], image.pixels()[at + c] & 0xFF, 3, "stripe " + stripe);
            }
        }
    }

    @Test
    void cmykJpegBecomesRgb() throws Exception {
        assertStripes(turbo.decode(TurboJpegTesting.cmykJpeg(80, 16, stripes(false), false)));
    }

    @Test
    void adobeCmykJpegIsReadInverted() throws Exception {
        byte[] jpeg = TurboJpegTesting.cmykJpeg(80, 16, stripes(true), true);
        assertTrue(JpegHeader.hasAdobeSegment(jpeg));
        assertStripes(turbo.decode(jpeg));
    }

    @Test
    void reducedDecodeHasCeilingSidesAndAveragesBlocks() throws Exception {
        byte[] photo = Photos.graceHopper();
        RgbImage full = turbo.decode(photo);
        for (int reduction : new int[] {2, 4, 8}) {
            DecodedImage reduced = turbo.decodeReduced(photo, reduction);
            assertEquals(reduction, reduced.reduction());
            assertEquals((full.width() + reduction - 1) / reduction, reduced.image().width());
            assertEquals((full.height() + reduction - 1) / reduction, reduced.image().height());
            RgbImage averaged = TurboJpegTesting.blockMeans(full, reduction);
            assertTrue(meanAbsDiff(reduced.image(), averaged) < 3, "1/" + reduction + ": mean difference "
                    + meanAbsDiff(reduced.image(), averaged));
        }
    }

    @Test
    void dataEndingEarlyIsTruncated() {
        byte[] jpeg = TestImages.encode(TestImages.noise(64, 64, 9), "jpg");
        byte[] cut = TestImages.cut(jpeg, 0.6);
        byte[] withEnd = Arrays.copyOf(cut, cut.length + 2);
        withEnd[cut.length] = (byte) 0xFF;
        withEnd[cut.length + 1] = (byte) 0xD9;
        BadInputException e = assertThrows(BadInputException.class, () -> turbo.decode(withEnd));
        assertEquals(SkipReason.TRUNCATED, e.reason());
    }

    @Test
    void refusesWhatIsNotAJpeg() {
        byte[] png = TestImages.encode(TestImages.noise(4, 4, 1), "png");
        assertThrows(TurboJpegException.class, () -> turbo.decode(png));
    }

    @Test
    void anImageAfterAFailureIsDecodedRight() throws Exception {
        byte[] first = TestImages.encode(TestImages.noise(17, 15, 1), "jpg");
        byte[] second = TestImages.encode(TestImages.noise(13, 11, 3), "jpg");
        for (int i = 0; i < 3; i++) {
            assertThrows(TurboJpegException.class, () -> turbo.decode(TestImages.jpegHeader(10, 10)));
            assertEquals(17, turbo.decode(first).width());
            assertEquals(13, turbo.decode(second).width());
        }
    }

    @Test
    void decodesFromManyThreadsAtOnce() throws Exception {
        byte[][] jpegs = {TestImages.encode(gradient(300, 200), "jpg"), TestImages.encode(gradient(120, 90), "jpg")};
        RgbImage[] expected = {turbo.decode(jpegs[0]), turbo.decode(jpegs[1])};
        Thread[] threads = new Thread[4];
        Throwable[] failures = new Throwable[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        int which = (i + id) % 2;
                        assertArrayEquals(expected[which].pixels(), turbo.decode(jpegs[which]).pixels());
                    }
                } catch (Throwable e) {
                    failures[id] = e;
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new AssertionError(failure);
            }
        }
    }
}
