package io.bigtransfer.checkpoints.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/** Positional reads and writes that do not stop short, and a checksum over a file region. */
public final class ChannelIo {
    private static final int CHECKSUM_CHUNK = 1 << 20;

    private ChannelIo() {
    }

    public static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Reads until {@code bytes} is full or the file ends; returns how many bytes were read. */
    public static int readFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        int start = bytes.position();
        long at = position;
        while (bytes.hasRemaining()) {
            int n = channel.read(bytes, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
        return bytes.position() - start;
    }

    /** The CRC32C of {@code length} bytes from {@code position}, which the caller knows exist. */
    public static int crc32c(FileChannel channel, long position, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHECKSUM_CHUNK);
        long at = position;
        long end = position + length;
        while (at < end) {
            chunk.clear();
            chunk.limit((int) Math.min(CHECKSUM_CHUNK, end - at));
            int n = readFully(channel, chunk, at);
            if (n < chunk.limit()) {
                throw new IOException("the file ended while it was being checked");
            }
            chunk.flip();
            crc.update(chunk);
            at += n;
        }
        return (int) crc.getValue();
    }
}
