package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.SkipReason;
import java.util.Arrays;

/** Reads the PNG IHDR chunk and checks for the IEND chunk, without decoding. */
final class PngHeader {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** IEND: zero length, the type, and its fixed CRC; a complete PNG ends with these 12 bytes. */
    private static final byte[] END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final byte[] IHDR = {'I', 'H', 'D', 'R'};

    private PngHeader() {
    }

    static boolean matches(byte[] bytes) {
        return bytes.length >= SIGNATURE.length && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
    }

    /** IHDR must be the first chunk: signature(8), length(4), "IHDR"(4), width(4), height(4). */
    static HeaderSize size(byte[] bytes) throws BadInputException {
        if (bytes.length < 24) {
            throw new BadInputException(SkipReason.TRUNCATED, "PNG ends inside its header");
        }
        if (!Arrays.equals(bytes, 12, 16, IHDR, 0, 4)) {
            throw new BadInputException(SkipReason.CORRUPT, "PNG does not start with an IHDR chunk");
        }
        return new HeaderSize(unsignedInt(bytes, 16), unsignedInt(bytes, 20));
    }

    static boolean complete(byte[] bytes) {
        return bytes.length >= END.length
                && Arrays.equals(bytes, bytes.length - END.length, bytes.length, END, 0, END.length);
    }

    private static long unsignedInt(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFFL) << 16) | ((b[at + 2] & 0xFFL) << 8) | (b[at + 3] & 0xFFL);
    }
}
