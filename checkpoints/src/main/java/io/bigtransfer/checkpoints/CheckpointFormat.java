package io.bigtransfer.checkpoints;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.checkpoints.internal.ChannelIo;
import io.bigtransfer.checkpoints.internal.CheckpointKryo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint file format. Layout (integers big-endian):
 * <pre>
 *   offset  0  8 bytes  magic "BITCKPT\n"
 *   offset  8  int      format version (this build writes {@value #CURRENT_VERSION})
 *   offset 12  long     payload length N
 *   offset 20  N bytes  payload: the Kryo encoding of a {@link CheckpointRecord}
 *   offset 20+N int     CRC32C of the payload
 * </pre>
 * The payload is streamed, so a checkpoint larger than a Java array can be written and read, and
 * the reader checks length and checksum before it decodes anything, so a damaged file is refused
 * with a clear message instead of being half-decoded.
 */
public final class CheckpointFormat {
    public static final int CURRENT_VERSION = 1;

    private static final byte[] MAGIC = "BITCKPT\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION_OFFSET = MAGIC.length;
    private static final int LENGTH_OFFSET = VERSION_OFFSET + Integer.BYTES;
    private static final int HEADER_BYTES = LENGTH_OFFSET + Long.BYTES;
    private static final int TRAILER_BYTES = Integer.BYTES;
    private static final int STREAM_BUFFER = 1 << 16;

    private CheckpointFormat() {
    }

    /**
     * Writes {@code record} to {@code file}, replacing it. Durability (fsync, atomic rename) is the
     * store's business, so a caller that only stages a file for upload does not pay for it.
     */
    public static void write(CheckpointRecord record, Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(CURRENT_VERSION).putLong(0);
            ChannelIo.writeFully(channel, header.flip(), 0);
            channel.position(HEADER_BYTES);
            CRC32C crc = new CRC32C();
            // Not closed: closing the stream would close the channel before the trailer is written.
            Output output = new Output(new CheckedOutputStream(Channels.newOutputStream(channel), crc), STREAM_BUFFER);
            CheckpointKryo.create().writeObject(output, record);
            output.flush();
            long payloadEnd = channel.position();
            ChannelIo.writeFully(channel, ByteBuffer.allocate(TRAILER_BYTES).putInt((int) crc.getValue()).flip(),
                    payloadEnd);
            ChannelIo.writeFully(channel, ByteBuffer.allocate(Long.BYTES).putLong(payloadEnd - HEADER_BYTES).flip(),
                    LENGTH_OFFSET);
        } catch (IOException | KryoException e) {
            throw new CheckpointException("Cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint, refusing a file that is not one, is damaged, or is of a newer format. */
    public static CheckpointRecord read(Path file) {
        return read(file, file.toString());
    }

    /**
     * Reads a checkpoint as {@link #read(Path)} does, naming {@code shownAs} in every refusal: the
     * place the file's bytes came from (an s3:// object downloaded to {@code file}, say).
     */
    public static CheckpointRecord read(Path file, String shownAs) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long payloadLength = checkHeader(shownAs, channel);
            int expected = trailerChecksum(channel, HEADER_BYTES + payloadLength);
            if (ChannelIo.crc32c(channel, HEADER_BYTES, payloadLength) != expected) {
                throw new CheckpointException("Checkpoint " + shownAs + " is corrupt: its checksum does not match its contents");
            }
            return decode(shownAs, channel, payloadLength);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("Checkpoint " + shownAs + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException("Cannot read checkpoint " + shownAs + ": " + e.getMessage(), e);
        }
    }

    /** Checks magic, version and size; returns the payload length. */
    private static long checkHeader(String file, FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        int n = ChannelIo.readFully(channel, header, 0);
        if (n == 0) {
            throw new CheckpointException(file + " is empty, not a checkpoint");
        }
        int magicBytes = Math.min(n, MAGIC.length);
        if (!Arrays.equals(header.array(), 0, magicBytes, MAGIC, 0, magicBytes)) {
            throw new CheckpointException(file + " is not a BiT checkpoint file");
        }
        if (n < HEADER_BYTES) {
            throw new CheckpointException("Checkpoint " + file + " is truncated: it ends inside its header");
        }
        int version = header.getInt(VERSION_OFFSET);
        if (version > CURRENT_VERSION) {
            throw new CheckpointException("Checkpoint " + file + " was written by format version " + version
                    + "; this build reads up to " + CURRENT_VERSION);
        }
        if (version < 1) {
            throw new CheckpointException("Checkpoint " + file + " is corrupt: it names format version " + version);
        }
        long payloadLength = header.getLong(LENGTH_OFFSET);
        long expectedSize = HEADER_BYTES + payloadLength + TRAILER_BYTES;
        if (payloadLength < 0 || expectedSize < 0) {
            throw new CheckpointException("Checkpoint " + file + " is corrupt: its header gives an impossible length");
        }
        if (size < expectedSize) {
            throw new CheckpointException("Checkpoint " + file + " is truncated: it has " + size
                    + " bytes where its header announces " + expectedSize);
        }
        if (size > expectedSize) {
            throw new CheckpointException("Checkpoint " + file + " is corrupt: it has " + size
                    + " bytes where its header announces " + expectedSize);
        }
        return payloadLength;
    }

    private static int trailerChecksum(FileChannel channel, long position) throws IOException {
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
        ChannelIo.readFully(channel, trailer, position);
        return trailer.getInt(0);
    }

    private static CheckpointRecord decode(String file, FileChannel channel, long payloadLength) throws IOException {
        channel.position(HEADER_BYTES);
        Input input = new Input(Channels.newInputStream(channel), STREAM_BUFFER);
        try {
            CheckpointRecord record = CheckpointKryo.create().readObject(input, CheckpointRecord.class);
            if (input.total() != payloadLength) {
                throw new CheckpointException("Checkpoint " + file + " is corrupt: its payload has "
                        + payloadLength + " bytes but the record used " + input.total());
            }
            return record;
        } catch (KryoException | IllegalArgumentException e) {
            // The checksum matched, so the writer itself produced these bytes: report, do not guess.
            throw new CheckpointException("Checkpoint " + file + " is corrupt: " + e.getMessage(), e);
        }
    }
}
