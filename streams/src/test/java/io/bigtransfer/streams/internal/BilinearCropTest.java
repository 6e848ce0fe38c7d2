package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.RgbImage;
import org.junit.jupiter.api.Test;

class BilinearCropTest {
    /** A grey image (the value in all three channels) from rows of values. */
    private static RgbImage grey(int[][] rows) {
        int height = rows.length;
        int width = rows[0].length;
        byte[] pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(y * width + x) * 3 + c] = (byte) rows[y][x];
                }
            }
        }
        return new RgbImage(width, height, pixels);
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
        RgbImage image = grey(new int[][] {{0, 100}, {200, 40}});
        float[] expected = {
            0, 25, 75, 100,
            50, 58.75f, 76.25f, 85,
            150, 126.25f, 78.75f, 55,
            200, 160, 80, 40};
        assertArrayEquals(expected, render(image, new CropPlan(4, 4, 0, 0, 4, 4, false)), 1e-3f);
    }

    @Test
    void halvesAGradientSamplingBetweenPixelPairs() {
        // value 10x; output x samples source 2x + 0.5 -> 20x + 5.
        RgbImage image = grey(new int[][] {{0, 10, 20, 30, 40, 50, 60, 70}});
        assertArrayEquals(new float[] {5, 25, 45, 65}, render(image, new CropPlan(1, 4, 0, 0, 1, 4, false)), 1e-3f);
    }

    @Test
    void cropsFromTheResizedImageAndFlipsTheWindow() {
        RgbImage image = grey(new int[][] {{0, 10, 20, 30, 40, 50, 60, 70}});
        // Resize 8 -> 4 gives 5, 25, 45, 65; the window of 2 at left 1 is 25, 45.
        assertArrayEquals(new float[] {25, 45}, render(image, new CropPlan(1, 4, 0, 1, 1, 2, false)), 1e-3f);
        assertArrayEquals(new float[] {45, 25}, render(image, new CropPlan(1, 4, 0, 1, 1, 2, true)), 1e-3f);
        // No resize: the crop is an exact copy.
        assertArrayEquals(new float[] {30, 40, 50}, render(image, new CropPlan(1, 8, 0, 3, 1, 3, false)), 1e-3f);
    }

    @Test
    void normalizesPerChannel() {
        RgbImage image = new RgbImage(2, 1, new byte[] {0, (byte) 128, (byte) 255, (byte) 255, 0, 51});
        CropPlan copy = new CropPlan(1, 2, 0, 0, 1, 2, false);
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
}
