package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.ImageIoDecoder;
import java.io.IOException;

/**
 * Turns encoded bytes (already checked: a known format, sane header, not truncated) into RGB u8.
 * Grey images come back with the grey value in all three channels; alpha is dropped.
 * Implementations are called from several threads at once.
 */
public interface ImageDecoder {
    /**
     * @throws BadInputException for a failure with a known {@link SkipReason}; any other exception
     *     counts as {@link SkipReason#CORRUPT}
     */
    RgbImage decode(byte[] encoded) throws IOException;

    /** The JDK's ImageIO (PNG and JPEG): always present, about 1000 images/s on two cores. */
    static ImageDecoder imageIo() {
        return new ImageIoDecoder();
    }
}
