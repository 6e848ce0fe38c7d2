package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ImageIoDecoderTest {
    private final ImageDecoder decoder = ImageDecoder.imageIo();

    private static byte[] rgbOf(BufferedImage image) {
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        int o = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                rgb[o++] = (byte) (argb >> 16);
                rgb[o++] = (byte) (argb >> 8);
                rgb[o++] = (byte) argb;
            }
        }
        return rgb;
    }

    @Test
    void decodesPngExactlyAsRgbHwc() throws IOException {
        BufferedImage image = TestImages.noise(7, 5, 3);
        RgbImage decoded = decoder.decode(TestImages.encode(image, "png"));
        assertEquals(7, decoded.width());
        assertEquals(5, decoded.height());
        assertArrayEquals(rgbOf(image), decoded.pixels());
    }

    @Test
    void dropsAlpha() throws IOException {
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        image.setRGB(0, 0, 0x10203040);
        image.setRGB(1, 0, 0xFFA0B0C0);
        RgbImage decoded = decoder.decode(TestImages.encode(image, "png"));
        assertArrayEquals(new byte[] {0x20, 0x30, 0x40, (byte) 0xA0, (byte) 0xB0, (byte) 0xC0}, decoded.pixels());
    }

    @Test
    void replicatesGreyIntoAllThreeChannelsUnchanged() throws IOException {
        BufferedImage grey = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setPixels(0, 0, 4, 1, new int[] {0, 50, 128, 255});
        RgbImage decoded = decoder.decode(TestImages.encode(grey, "png"));
        assertArrayEquals(new byte[] {0, 0, 0, 50, 50, 50, (byte) 128, (byte) 128, (byte) 128, -1, -1, -1},
                decoded.pixels());

        RgbImage jpeg = decoder.decode(TestImages.encode(grey, "jpg"));
        for (int i = 0; i < 4; i++) {
            assertEquals(jpeg.pixels()[i * 3], jpeg.pixels()[i * 3 + 1]);
            assertEquals(jpeg.pixels()[i * 3], jpeg.pixels()[i * 3 + 2]);
        }
    }

    @Test
    void decodesPalettePngThroughJava2d() throws IOException {
        byte[] red = {(byte) 255, 0};
        byte[] green = {0, (byte) 200};
        byte[] blue = {0, 10};
        BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, red, green, blue));
        image.getRaster().setPixels(0, 0, 2, 1, new int[] {1, 0});
        RgbImage decoded = decoder.decode(TestImages.encode(image, "png"));
        assertArrayEquals(new byte[] {0, (byte) 200, 10, -1, 0, 0}, decoded.pixels());
    }

    @Test
    void decodesJpegCloseToTheOriginal() throws IOException {
        BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                flat.setRGB(x, y, 0x3080C0);
            }
        }
        RgbImage decoded = decoder.decode(TestImages.encode(flat, "jpg"));
        int[] expected = {0x30, 0x80, 0xC0};
        for (int i = 0; i < decoded.pixels().length; i++) {
            assertEquals(expected[i % 3], decoded.pixels()[i] & 0xFF, 3);
        }
    }

    @Test
    void textIsNotAnImage() {
        BadInputException e = assertThrows(BadInputException.class, () -> decoder.decode("text".getBytes()));
        assertEquals(SkipReason.NOT_AN_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("ImageIO"));
    }
}
