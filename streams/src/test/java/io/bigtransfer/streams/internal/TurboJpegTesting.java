package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.RgbImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** TurboJPEG for tests, and JPEGs that exercise it. */
public final class TurboJpegTesting {
    /** An Adobe APP14 segment, version 100, no flags, transform 0 (CMYK kept as it is). */
    private static final byte[] ADOBE_SEGMENT = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e',
        0, 100, 0, 0, 0, 0, 0};

    private TurboJpegTesting() {
    }

    /**
     * The TurboJPEG decoder; where {@code libturbojpeg.so.0} is missing the test is skipped, except
     * under CI (environment variable {@code CI} set), whose script installs it.
     */
    public static ImageDecoder turboJpeg() {
        try {
            return TurboJpegDecoder.load(TurboJpegApi.LIBRARY);
        } catch (UnsatisfiedLinkError e) {
            assumeTrue(System.getenv("CI") != null, "libturbojpeg.so.0 is missing: install Debian's libturbojpeg0");
            throw e;
        }
    }

    /**
     * A four-channel JPEG written by ImageIO from {@code samples} (C, M, Y, K per pixel), which
     * ImageIO writes without an Adobe segment; with {@code adobe}, one is put in after SOI.
     */
    public static byte[] cmykJpeg(int width, int height, int[] samples, boolean adobe) {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
        raster.setPixels(0, 0, width, height, samples);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(raster, null, null), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        byte[] plain = out.toByteArray();
        if (!adobe) {
            return plain;
        }
        byte[] marked = Arrays.copyOf(plain, plain.length + ADOBE_SEGMENT.length);
        System.arraycopy(ADOBE_SEGMENT, 0, marked, 2, ADOBE_SEGMENT.length);
        System.arraycopy(plain, 2, marked, 2 + ADOBE_SEGMENT.length, plain.length - 2);
        return marked;
    }

    /** Mean of |a - b| over all samples of two images of one size. */
    public static double meanAbsDiff(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            sum += Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF));
        }
        return (double) sum / a.pixels().length;
    }

    /** Largest |a - b| over all samples of two images of one size. */
    public static int maxAbsDiff(RgbImage a, RgbImage b) {
        int max = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            max = Math.max(max, Math.abs((a.pixels()[i] & 0xFF) - (b.pixels()[i] & 0xFF)));
        }
        return max;
    }

    /** Each r x r block's mean (the pixels present, for partial blocks at the edges). */
    public static RgbImage blockMeans(RgbImage image, int reduction) {
        int width = (image.width() + reduction - 1) / reduction;
        int height = (image.height() + reduction - 1) / reduction;
        byte[] out = new byte[width * height * 3];
        for (int by = 0; by < height; by++) {
            for (int bx = 0; bx < width; bx++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    int count = 0;
                    for (int y = by * reduction; y < Math.min(image.height(), (by + 1) * reduction); y++) {
                        for (int x = bx * reduction; x < Math.min(image.width(), (bx + 1) * reduction); x++) {
                            sum += image.pixels()[(y * image.width() + x) * 3 + c] & 0xFF;
                            count++;
                        }
                    }
                    out[(by * width + bx) * 3 + c] = (byte) Math.round((float) sum / count);
                }
            }
        }
        return new RgbImage(width, height, out);
    }
}
