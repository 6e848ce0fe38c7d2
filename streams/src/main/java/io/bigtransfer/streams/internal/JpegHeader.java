package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.SkipReason;
import java.util.Arrays;

/** Walks JPEG marker segments to the frame header (SOFn) and checks for the EOI marker. */
final class JpegHeader {
    private static final byte[] ADOBE = {'A', 'd', 'o', 'b', 'e'};

    private JpegHeader() {
    }

    /** SOI (FF D8) followed by the start of the next marker. */
    static boolean matches(byte[] bytes) {
        return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF;
    }

    /** The frame header: FF Cn, length(2), precision(1), height(2), width(2). */
    static HeaderSize size(byte[] bytes) throws BadInputException {
        int pos = 2;
        while (true) {
            if (pos >= bytes.length) {
                throw truncated();
            }
            if ((bytes[pos] & 0xFF) != 0xFF) {
                throw new BadInputException(SkipReason.CORRUPT, "JPEG has no marker at byte " + pos);
            }
            while (pos < bytes.length && (bytes[pos] & 0xFF) == 0xFF) {
                pos++; // a marker may be preceded by any number of fill bytes
            }
            if (pos >= bytes.length) {
                throw truncated();
            }
            int marker = bytes[pos++] & 0xFF;
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue; // markers without a length field
            }
            if (marker == 0xDA || marker == 0xD9) {
                throw new BadInputException(SkipReason.CORRUPT, "JPEG has no frame header before its image data");
            }
            if (pos + 2 > bytes.length) {
                throw truncated();
            }
            if (isFrameHeader(marker)) {
                if (pos + 7 > bytes.length) {
                    throw truncated();
                }
                return new HeaderSize(unsignedShort(bytes, pos + 5), unsignedShort(bytes, pos + 3));
            }
            int length = unsignedShort(bytes, pos);
            if (length < 2) {
                throw new BadInputException(SkipReason.CORRUPT, "JPEG segment at byte " + pos + " has length " + length);
            }
            pos += length;
        }
    }

    /**
     * A complete JPEG ends with EOI (FF D9). Trailing zero bytes (padding some writers add) are
     * allowed; any other trailing data counts as truncation, since decoders cannot tell the two apart.
     */
    static boolean complete(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end >= 2 && (bytes[end - 2] & 0xFF) == 0xFF && (bytes[end - 1] & 0xFF) == 0xD9;
    }

    /**
     * Whether an Adobe APP14 segment comes before the image data. Photoshop, which writes most CMYK
     * JPEGs, marks them so and stores their samples inverted (255 = no ink). A malformed segment
     * list just ends the search.
     */
    static boolean hasAdobeSegment(byte[] bytes) {
        int pos = 2;
        while (pos + 4 <= bytes.length && (bytes[pos] & 0xFF) == 0xFF) {
            int marker = bytes[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++; // a fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                pos += 2; // no length field
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return false;
            }
            int length = unsignedShort(bytes, pos + 2);
            if (marker == 0xEE && length >= 7 && pos + 9 <= bytes.length
                    && Arrays.equals(bytes, pos + 4, pos + 9, ADOBE, 0, ADOBE.length)) {
                return true;
            }
            pos += 2 + length;
        }
        return false;
    }

    /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isFrameHeader(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static BadInputException truncated() {
        return new BadInputException(SkipReason.TRUNCATED, "JPEG ends inside its header");
    }

    private static int unsignedShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }
}
