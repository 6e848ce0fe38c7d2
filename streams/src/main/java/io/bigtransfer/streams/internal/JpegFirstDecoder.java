package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.PixelBuffer;
import io.bigtransfer.streams.RgbImage;
import java.io.IOException;

/**
 * JPEGs go to {@code jpeg}; PNGs, and JPEGs that {@code jpeg} refuses with a
 * {@link TurboJpegException}, go to {@code fallback}.
 */
final class JpegFirstDecoder implements ImageDecoder {
    private final ImageDecoder jpeg;
    private final ImageDecoder fallback;

    JpegFirstDecoder(ImageDecoder jpeg, ImageDecoder fallback) {
        this.jpeg = jpeg;
        this.fallback = fallback;
    }

    @Override
    public RgbImage decode(byte[] encoded) throws IOException {
        return decodeReduced(encoded, 1).image();
    }

    @Override
    public DecodedImage decodeReduced(byte[] encoded, int reduction) throws IOException {
        return decodeReduced(encoded, reduction, new PixelBuffer());
    }

    @Override
    public DecodedImage decodeReduced(byte[] encoded, int reduction, PixelBuffer reuse) throws IOException {
        if (!JpegHeader.matches(encoded)) {
            return fallback.decodeReduced(encoded, reduction, reuse);
        }
        try {
            return jpeg.decodeReduced(encoded, reduction, reuse);
        } catch (TurboJpegException refused) {
            try {
                return fallback.decodeReduced(encoded, reduction, reuse);
            } catch (IOException | RuntimeException e) {
                e.addSuppressed(refused);
                throw e;
            }
        }
    }

    @Override
    public String toString() {
        return jpeg + ", else " + fallback;
    }
}
