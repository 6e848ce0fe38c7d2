package io.bigtransfer.actors.remote.bulk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * The bulk channel's wire format, inside TLS or after the {@link BulkAuthentication} handshake. One
 * connection carries one fetch:
 * <ul>
 * <li>request, client to server, {@value #REQUEST_BYTES} bytes: magic {@code "BTR1"}, the id (8 bytes),
 * the length the client expects (4 bytes);</li>
 * <li>response header, {@value #HEADER_BYTES} bytes: a status and a length;</li>
 * <li>on {@link #FOUND}, the floats as little-endian IEEE 754 bytes, in chunks of
 * {@value #CHUNK_BYTES} bytes (the last one shorter).</li>
 * </ul>
 * Integers in the request and the header are big-endian. The floats are little-endian because that
 * is the memory order of every machine this runs on, so encoding and decoding are plain copies.
 */
final class TensorFrames {
    static final int MAGIC = 0x42545231;
    static final int REQUEST_BYTES = 16;
    static final int HEADER_BYTES = 8;
    static final int FOUND = 0;
    static final int UNKNOWN = 1;
    /** The id is served, but with another length than the ref says: the ref is not for this array. */
    static final int OTHER_LENGTH = 2;
    /**
     * 1 MiB: large enough that per-element stream overhead is negligible next to the copy, small
     * enough that the few chunks in flight (the server's stages, the TLS stage, TCP's write buffer)
     * stay a few MiB however large the tensor is.
     */
    static final int CHUNK_BYTES = 1 << 20;
    private static final int CHUNK_FLOATS = CHUNK_BYTES / Float.BYTES;

    private TensorFrames() {
    }

    static ByteString request(TensorRef ref) {
        return ByteString.fromArrayUnsafe(ByteBuffer.allocate(REQUEST_BYTES)
                .putInt(MAGIC).putLong(ref.id()).putInt(ref.length()).array());
    }

    static ByteString header(int status, int length) {
        return ByteString.fromArrayUnsafe(ByteBuffer.allocate(HEADER_BYTES).putInt(status).putInt(length).array());
    }

    /** The whole response for {@code values}: the header, then chunks made only as the connection asks for them. */
    static Source<ByteString, NotUsed> found(float[] values) {
        Source<ByteString, NotUsed> chunks = Source.unfold(0, offset -> offset >= values.length
                ? Optional.empty()
                : Optional.of(Pair.create(offset + Math.min(CHUNK_FLOATS, values.length - offset), chunk(values, offset))));
        return Source.single(header(FOUND, values.length)).concat(chunks);
    }

    private static ByteString chunk(float[] values, int offset) {
        int count = Math.min(CHUNK_FLOATS, values.length - offset);
        byte[] bytes = new byte[count * Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, offset, count);
        return ByteString.fromArrayUnsafe(bytes);
    }

    /** The request in the next {@value #REQUEST_BYTES} bytes of {@code bytes}. */
    static Request parseRequest(ByteBuffer bytes) {
        return new Request(bytes.getInt(), bytes.getLong(), bytes.getInt());
    }

    /** A parsed request; {@code magic} is checked by the server. */
    record Request(int magic, long id, int length) {
    }

    /**
     * Collects a connection's first {@value #REQUEST_BYTES} bytes into its one request and ignores
     * anything after it: the connection stays open (cancelling would end the TLS session and cut the
     * response) until the client, holding the whole response, closes it.
     */
    static final class FirstRequest implements Function<ByteString, Iterable<Request>> {
        private ByteString buffered = ByteString.emptyByteString();
        private boolean parsed;

        @Override
        public Iterable<Request> apply(ByteString bytes) {
            if (parsed) {
                return List.of();
            }
            buffered = buffered.concat(bytes);
            if (buffered.size() < REQUEST_BYTES) {
                return List.of();
            }
            parsed = true;
            return List.of(parseRequest(buffered.take(REQUEST_BYTES).toByteBuffer()));
        }
    }
}
