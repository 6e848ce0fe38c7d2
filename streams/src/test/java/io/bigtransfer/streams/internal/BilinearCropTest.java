package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SourceBox;
import io.bigtransfer.streams.TestImages;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BilinearCropTest {
    /** Resize all of {@code image}, then cut a window. */
    private static CropPlan wholeImage(RgbImage image, int resizedHeight, int resizedWidth, int top, int left,
                                       int height, int width, boolean flip) {
        return new CropPlan(SourceBox.whole(image.height(), image.width()), resizedHeight, resizedWidth, top, left,
                height, width, flip);
    }

    /** Renders with BIT normalization and maps back to 0..255 in channel 0. */
    private static float[] render(RgbImage image, CropPlan plan) {
        float[] out = new float[plan.height() * plan.width() * 3];
        BilinearCrop.render(image, plan, Normalization.BIT, out, 0);
        float[] values = new float[plan.height() * plan.width()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (out[i * 3] * 0.5f + 0.5f) * 255f;
            assertEquals(out[i * 3], out[i * 3 + 1]);
            assertEquals(out[i * 3], out[i * 3 + 2]);
        }
        return values;
    }

    @Test
    void upscalesTwoByTwoWithHalfPixelCenters() {
        // Output x sits at source (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped at the
        // edges: weights 0, 0.25, 0.75, 1 of the right-hand pixel (OpenCV's INTER_LINEAR does the same).
        RgbImage image = TestImages.grey(new int[][] {{0, 100}, {200, 40}});
        float[] expected = {
            0, 25, 75, 100,
            50, 58.75f, 76.25f, 85,
            150, 126.25f, 78.75f, 55,
            200, 160, 80, 40};
        assertArrayEquals(expected, render(image, wholeImage(image, 4, 4, 0, 0, 4, 4, false)), 1e-3f);
    }

    @Test
    void halvesAGradientSamplingBetweenPixelPairs() {
        // value 10x; output x samples source 2x + 0.5 -> 20x + 5.
        RgbImage image = TestImages.grey(new int[][] {{0, 10, 20, 30, 40, 50, 60, 70}});
        assertArrayEquals(new float[] {5, 25, 45, 65}, render(image, wholeImage(image, 1, 4, 0, 0, 1, 4, false)), 1e-3f);
    }

    @Test
    void cropsFromTheResizedImageAndFlipsTheWindow() {
        RgbImage image = TestImages.grey(new int[][] {{0, 10, 20, 30, 40, 50, 60, 70}});
        // Resize 8 -> 4 gives 5, 25, 45, 65; the window of 2 at left 1 is 25, 45.
        assertArrayEquals(new float[] {25, 45}, render(image, wholeImage(image, 1, 4, 0, 1, 1, 2, false)), 1e-3f);
        assertArrayEquals(new float[] {45, 25}, render(image, wholeImage(image, 1, 4, 0, 1, 1, 2, true)), 1e-3f);
        // No resize: the crop is an exact copy.
        assertArrayEquals(new float[] {30, 40, 50}, render(image, wholeImage(image, 1, 8, 0, 3, 1, 3, false)), 1e-3f);
    }

    @Test
    void aBoxIsResizedAsIfCutOutFirst() {
        RgbImage image = TestImages.grey(new int[][] {{0, 10, 20, 30, 40, 50, 60, 70}});
        // Box 2..3 (20, 30) upscaled 2 -> 4: box coordinates -0.25, 0.25, 0.75, 1.25 clamp at the
        // box's own edges, so 10 (left of the box) never leaks in.
        CropPlan up = new CropPlan(new SourceBox(0, 2, 1, 2), 1, 4, 0, 0, 1, 4, false);
        assertArrayEquals(new float[] {20, 22.5f, 27.5f, 30}, render(image, up), 1e-3f);
        // Box 1..4 (10..40) halved: box coordinates 0.5 and 2.5.
        CropPlan down = new CropPlan(new SourceBox(0, 1, 1, 4), 1, 2, 0, 0, 1, 2, false);
        assertArrayEquals(new float[] {15, 35}, render(image, down), 1e-3f);
        // Same size: the box itself; then a window of it, mirrored.
        CropPlan copy = new CropPlan(new SourceBox(0, 5, 1, 3), 1, 3, 0, 0, 1, 3, false);
        assertArrayEquals(new float[] {50, 60, 70}, render(image, copy), 1e-3f);
        CropPlan window = new CropPlan(new SourceBox(0, 5, 1, 3), 1, 3, 0, 1, 1, 2, true);
        assertArrayEquals(new float[] {70, 60}, render(image, window), 1e-3f);
    }

    @Test
    void aBoxSpansRowsToo() {
        RgbImage image = TestImages.grey(new int[][] {{0, 1, 2}, {10, 11, 12}, {20, 21, 22}});
        // The 2x2 box at (1, 1) shrunk to one pixel: its center, the mean of 11, 12, 21, 22.
        CropPlan center = new CropPlan(new SourceBox(1, 1, 2, 2), 1, 1, 0, 0, 1, 1, false);
        assertArrayEquals(new float[] {16.5f}, render(image, center), 1e-3f);
        // Box rows 1..2 of column 0 without resizing.
        CropPlan column = new CropPlan(new SourceBox(1, 0, 2, 1), 2, 1, 0, 0, 2, 1, false);
        assertArrayEquals(new float[] {10, 20}, render(image, column), 1e-3f);
    }

    @Test
    void refusesABoxOutsideTheImage() {
        RgbImage image = TestImages.grey(new int[][] {{0, 1, 2}, {10, 11, 12}});
        CropPlan tooWide = new CropPlan(new SourceBox(0, 1, 2, 3), 2, 3, 0, 0, 2, 3, false);
        assertThrows(IllegalArgumentException.class, () -> render(image, tooWide));
        CropPlan tooLow = new CropPlan(new SourceBox(1, 0, 2, 3), 2, 3, 0, 0, 2, 3, false);
        assertThrows(IllegalArgumentException.class, () -> render(image, tooLow));
        assertThrows(IllegalArgumentException.class, () -> new SourceBox(0, 0, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new SourceBox(-1, 0, 1, 3));
    }

    @Test
    void normalizesPerChannel() {
        RgbImage image = new RgbImage(2, 1, new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, 51});
        CropPlan copy = wholeImage(image, 1, 2, 0, 0, 1, 2, false);
        float[] imagenet = new float[6];
        BilinearCrop.render(image, copy, Normalization.IMAGENET, imagenet, 0);
        // (v / 255 - mean) / std, computed by hand.
        float[] expectedImagenet = {
            -0.485f / 0.229f, (128 / 255f - 0.456f) / 0.224f, (1 - 0.406f) / 0.225f,
            (1 - 0.485f) / 0.229f, -0.456f / 0.224f, (0.2f - 0.406f) / 0.225f};
        assertArrayEquals(expectedImagenet, imagenet, 1e-5f);
        assertEquals(-2.1179f, imagenet[0], 1e-4f);
        assertEquals(2.64f, imagenet[2], 1e-4f);

        float[] bit = new float[8];
        BilinearCrop.render(image, copy, Normalization.BIT, bit, 2);
        assertArrayEquals(new float[] {0, 0, -1, 1 / 255f, 1, 1, -1, -0.6f}, bit, 1e-6f);
    }

    /** The direct form in float64: every output value from its four source pixels. */
    private static double[] directly(RgbImage image, CropPlan plan, Normalization normalization) {
        SourceBox box = plan.source();
        AxisTaps rows = AxisTaps.of(box.top(), box.height(), plan.resizedHeight(), plan.top(), plan.height(), false, 1,
                image.height());
        AxisTaps cols = AxisTaps.of(box.left(), box.width(), plan.resizedWidth(), plan.left(), plan.width(),
                plan.flip(), 1, image.width());
        double[] out = new double[plan.height() * plan.width() * 3];
        byte[] px = image.pixels();
        int o = 0;
        for (int y = 0; y < plan.height(); y++) {
            for (int x = 0; x < plan.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    double p00 = px[(rows.lo[y] * image.width() + cols.lo[x]) * 3 + c] & 0xFF;
                    double p01 = px[(rows.lo[y] * image.width() + cols.hi[x]) * 3 + c] & 0xFF;
                    double p10 = px[(rows.hi[y] * image.width() + cols.lo[x]) * 3 + c] & 0xFF;
                    double p11 = px[(rows.hi[y] * image.width() + cols.hi[x]) * 3 + c] & 0xFF;
                    double wx = cols.weight[x];
                    double wy = rows.weight[y];
                    double value = (1 - wy) * ((1 - wx) * p00 + wx * p01) + wy * ((1 - wx) * p10 + wx * p11);
                    out[o++] = (value / 255 - normalization.mean()[c]) / normalization.std()[c];
                }
            }
        }
        return out;
    }

    @Test
    void theRowKernelsGiveTheDirectFormsValuesAndTheSameBits() {
        RowKernels fastest = RowKernels.fastest();
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int height = 1 + random.nextInt(40);
            int width = 1 + random.nextInt(40);
            byte[] pixels = new byte[height * width * 3];
            random.nextBytes(pixels);
            RgbImage image = new RgbImage(width, height, pixels);
            int boxHeight = 1 + random.nextInt(height);
            int boxWidth = 1 + random.nextInt(width);
            SourceBox box = new SourceBox(random.nextInt(height - boxHeight + 1), random.nextInt(width - boxWidth + 1),
                    boxHeight, boxWidth);
            int resizedHeight = 1 + random.nextInt(60);
            int resizedWidth = 1 + random.nextInt(60);
            int windowHeight = 1 + random.nextInt(resizedHeight);
            int windowWidth = 1 + random.nextInt(resizedWidth);
            int top = random.nextInt(resizedHeight - windowHeight + 1);
            int left = random.nextInt(resizedWidth - windowWidth + 1);
            CropPlan plan = new CropPlan(box, resizedHeight, resizedWidth, top, left, windowHeight, windowWidth,
                    random.nextBoolean());
            float[] scalar = new float[windowHeight * windowWidth * 3];
            BilinearCrop.render(new DecodedImage(image, 1), plan, Normalization.IMAGENET, scalar, 0,
                    RowKernels.scalar());
            float[] simd = new float[scalar.length];
            BilinearCrop.render(new DecodedImage(image, 1), plan, Normalization.IMAGENET, simd, 0, fastest);
            assertArrayEquals(scalar, simd, plan + ", " + fastest);
            double[] expected = directly(image, plan, Normalization.IMAGENET);
            for (int i = 0; i < expected.length; i++) {
                // Float32 rounding of values below 2.7 in size: a few ulps of 2.4e-7.
                assertEquals(expected[i], scalar[i], 2e-6, plan + ", value " + i);
            }
        }
    }

    /** The test JVM, like bin/bit, has the Vector API; without it every crop would be scalar. */
    @Test
    void theVectorApiKernelsRunInThisJvm() {
        assertTrue(RowKernels.fastest() != RowKernels.scalar(), "kernels: " + RowKernels.fastest());
    }
}
