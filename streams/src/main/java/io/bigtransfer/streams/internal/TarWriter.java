package io.bigtransfer.streams.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a POSIX ustar archive member by member and says where each member's data starts, so an
 * index can point into the archive. Headers carry no time, owner or user names, so the same
 * members always make the same bytes.
 */
public final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private static final int NAME_LENGTH = 100;
    /** Eleven octal digits: the ustar size field's limit. */
    private static final long MAX_SIZE = 077777777777L;

    private final OutputStream out;
    private long position;

    public TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Appends a regular file; returns the offset of its first data byte in the archive. */
    public long add(String name, byte[] data) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length == 0 || nameBytes.length > NAME_LENGTH) {
            throw new IllegalArgumentException("a tar member name must have 1 to 100 bytes: '" + name + "'");
        }
        if (data.length > MAX_SIZE) {
            throw new IllegalArgumentException("member " + name + " is too large for a ustar archive");
        }
        out.write(header(nameBytes, data.length));
        out.write(data);
        int padding = (BLOCK - data.length % BLOCK) % BLOCK;
        out.write(new byte[padding]);
        long dataOffset = position + BLOCK;
        position = dataOffset + data.length + padding;
        return dataOffset;
    }

    /** Writes the end-of-archive marker (two zero blocks) and closes the stream. */
    @Override
    public void close() throws IOException {
        try (out) {
            out.write(new byte[2 * BLOCK]);
        }
    }

    private static byte[] header(byte[] name, long size) {
        byte[] header = new byte[BLOCK];
        System.arraycopy(name, 0, header, 0, name.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 0);
        header[156] = '0';
        byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        header[263] = '0';
        header[264] = '0';
        // The checksum is computed with its own field read as spaces.
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xFF;
        }
        octal(header, 148, 7, checksum);
        return header;
    }

    /** Zero-padded octal digits and a terminating NUL, filling {@code length} bytes. */
    private static void octal(byte[] header, int at, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, at, length - 1);
        header[at + length - 1] = 0;
    }
}
