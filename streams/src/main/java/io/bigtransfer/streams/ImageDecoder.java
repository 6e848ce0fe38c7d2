package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.FastestDecoder;
import io.bigtransfer.streams.internal.ImageIoDecoder;
import java.io.IOException;

/**
 * Turns encoded bytes (already checked: a known format, sane header, not truncated) into RGB u8.
 * Grey, CMYK and 16-bit images come back as 8-bit RGB (grey: the value in all three channels);
 * alpha is dropped. Implementations are called from several threads at once.
 */
public interface ImageDecoder {
    /**
     * @throws BadInputException for a failure with a known {@link SkipReason}; any other exception
     *     counts as {@link SkipReason#CORRUPT}
     */
    RgbImage decode(byte[] encoded) throws IOException;

    /**
     * Decodes at 1/{@code reduction} of the full size per side ({@code reduction} 1, 2, 4 or 8)
     * where this decoder can do that for less work than a full decode, else at full size; the
     * result says which. The default always decodes at full size.
     */
    default DecodedImage decodeReduced(byte[] encoded, int reduction) throws IOException {
        return new DecodedImage(decode(encoded), 1);
    }

    /**
     * As {@link #decodeReduced(byte[], int)}, maybe into {@code reuse}'s array: the result is
     * then valid until {@code reuse} is passed again. The default ignores {@code reuse}.
     */
    default DecodedImage decodeReduced(byte[] encoded, int reduction, PixelBuffer reuse) throws IOException {
        return decodeReduced(encoded, reduction);
    }

    /**
     * The decoder to use: the system's SIMD libjpeg-turbo (TurboJPEG API, {@code libturbojpeg.so.0})
     * for JPEG, with reduced-size decoding, and {@link #imageIo()} for PNG and for any JPEG that
     * TurboJPEG refuses. Where the library is missing, {@link #imageIo()} alone, after one WARN
     * log line. One shared instance.
     */
    static ImageDecoder fastest() {
        return FastestDecoder.instance();
    }

    /**
     * The JDK's ImageIO (PNG and JPEG): always present, about 1000 images/s on two cores, never
     * reduced; CMYK JPEGs come out with wrong colours.
     */
    static ImageDecoder imageIo() {
        return new ImageIoDecoder();
    }
}
