package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SkipReason;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes with the JDK's ImageIO. The stream is cached in memory explicitly, since ImageIO's
 * default would spill every image to a temporary file.
 */
public final class ImageIoDecoder implements ImageDecoder {
    @Override
    public RgbImage decode(byte[] encoded) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BadInputException(SkipReason.NOT_AN_IMAGE, "ImageIO has no reader for it");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return toRgb(reader.read(0));
            } finally {
                reader.dispose();
            }
        }
    }

    private static RgbImage toRgb(BufferedImage image) {
        ColorModel model = image.getColorModel();
        ColorSpace space = model.getColorSpace();
        boolean grey = space.getType() == ColorSpace.TYPE_GRAY;
        boolean plainSamples = model instanceof ComponentColorModel && model.getComponentSize(0) >= 8
                && (grey || space.isCS_sRGB());
        return plainSamples ? fromSamples(image, grey, model.getComponentSize(0) - 8) : fromArgb(image);
    }

    /**
     * Raw samples (8 or 16 bits), band 0..2 being R, G, B, or band 0 grey. Reading samples rather
     * than {@code getRGB} matters for grey: ImageIO's grey space is linear, and {@code getRGB}
     * would gamma-brighten it.
     */
    private static RgbImage fromSamples(BufferedImage image, boolean grey, int shift) {
        int width = image.getWidth();
        int height = image.getHeight();
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        int[] row = new int[width * bands];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++) {
                int at = x * bands;
                for (int c = 0; c < 3; c++) {
                    out[o++] = (byte) (row[grey ? at : at + c] >> shift);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    /** Any other model (palettes, other colour spaces): let Java2D convert to sRGB. */
    private static RgbImage fromArgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] row = new int[width];
        byte[] out = new byte[width * height * 3];
        int o = 0;
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                out[o++] = (byte) (argb >> 16);
                out[o++] = (byte) (argb >> 8);
                out[o++] = (byte) argb;
            }
        }
        return new RgbImage(width, height, out);
    }

    @Override
    public String toString() {
        return "imageio";
    }
}
