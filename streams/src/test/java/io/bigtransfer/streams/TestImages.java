package io.bigtransfer.streams;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/** Real image files for tests, written with ImageIO. */
public final class TestImages {
    private TestImages() {
    }

    /** An RGB image with noisy colours, different for every {@code seed}. */
    public static BufferedImage noise(int width, int height, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    /** A decoded grey image (the value in all three channels) from rows of values 0..255. */
    public static RgbImage grey(int[][] rows) {
        int height = rows.length;
        int width = rows[0].length;
        byte[] pixels = new byte[width * height * 3];
        for (int i = 0; i < width * height; i++) {
            byte value = (byte) rows[i / width][i % width];
            pixels[i * 3] = value;
            pixels[i * 3 + 1] = value;
            pixels[i * 3 + 2] = value;
        }
        return new RgbImage(width, height, pixels);
    }

    public static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code fraction} of the bytes, as a download cut short would leave them. */
    public static byte[] cut(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /**
     * {@code classes} class folders {@code c0, c1, ...} of {@code perClass} images each, sizes
     * varying from 10x10 up, PNG and JPEG alternating.
     */
    public static Path folder(Path root, int classes, int perClass) {
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++) {
                int seed = c * 100 + i;
                BufferedImage image = noise(10 + (seed * 7) % 9, 10 + (seed * 5) % 7, seed);
                String format = i % 2 == 0 ? "png" : "jpg";
                write(root.resolve("c" + c).resolve("img" + i + "." + format), encode(image, format));
            }
        }
        return root;
    }

    /** A valid PNG signature and IHDR claiming {@code width x height}, then IEND: only the header is real. */
    public static byte[] pngHeader(int width, int height) {
        byte[] bytes = new byte[8 + 25 + 12];
        byte[] start = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(start, 0, bytes, 0, start.length);
        putInt(bytes, 16, width);
        putInt(bytes, 20, height);
        bytes[24] = 8;
        bytes[25] = 2;
        byte[] end = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
        System.arraycopy(end, 0, bytes, bytes.length - 12, 12);
        return bytes;
    }

    /** SOI, a baseline frame header claiming {@code width x height}, EOI. */
    public static byte[] jpegHeader(int width, int height) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 17, 8,
            (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 3,
            1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, (byte) 0xFF, (byte) 0xD9};
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }
}
