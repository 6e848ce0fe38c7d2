package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.SkipReason;

/**
 * Checks that run on the encoded bytes before any decoder sees them: a decoder would otherwise
 * allocate whatever a header claims, and ImageIO returns a half-grey picture for a truncated
 * JPEG without an error.
 */
public final class EncodedImageCheck {
    private EncodedImageCheck() {
    }

    /** The size the header claims, once the whole file has passed the checks. */
    public static HeaderSize verify(byte[] bytes) throws BadInputException {
        HeaderSize size = headerSize(bytes);
        if (PngHeader.matches(bytes)) {
            requireComplete(PngHeader.complete(bytes), "PNG has no IEND chunk at its end");
        } else {
            requireComplete(JpegHeader.complete(bytes), "JPEG has no EOI marker at its end");
        }
        return size;
    }

    /** The size a PNG or JPEG header claims, refused as {@link #verify} would; the rest is not looked at. */
    public static HeaderSize headerSize(byte[] bytes) throws BadInputException {
        if (bytes.length == 0) {
            throw new BadInputException(SkipReason.EMPTY, "zero bytes");
        }
        HeaderSize size;
        if (PngHeader.matches(bytes)) {
            size = PngHeader.size(bytes);
        } else if (JpegHeader.matches(bytes)) {
            size = JpegHeader.size(bytes);
        } else {
            throw new BadInputException(SkipReason.NOT_AN_IMAGE, "neither PNG nor JPEG");
        }
        requireSane(size);
        return size;
    }

    private static void requireSane(HeaderSize size) throws BadInputException {
        if (size.width() == 0 || size.height() == 0) {
            throw new BadInputException(SkipReason.CORRUPT, "header claims " + size.width() + "x" + size.height() + " pixels");
        }
        if (size.width() * size.height() > SkipReason.MAX_PIXELS) {
            throw new BadInputException(SkipReason.TOO_LARGE, "header claims " + size.width() + "x" + size.height()
                    + " pixels, more than " + SkipReason.MAX_PIXELS);
        }
    }

    private static void requireComplete(boolean complete, String detail) throws BadInputException {
        if (!complete) {
            throw new BadInputException(SkipReason.TRUNCATED, detail);
        }
    }
}
