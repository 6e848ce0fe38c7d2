package io.bigtransfer.actors.remote.bulk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.pekko.util.ByteString;

/**
 * The client's side of one fetch: reads the response header, then copies the float bytes straight
 * into the destination array as they arrive, so a fetch holds no copy of the tensor beyond the array
 * it returns. A float may straddle two pieces of the byte stream; its first bytes wait in
 * {@code partial}. Used by one stream stage at a time, which Pekko orders, so it needs no locks.
 */
final class TensorReceiver {
    private final TensorRef ref;
    private final float[] destination;
    private final ByteBuffer header = ByteBuffer.allocate(TensorFrames.HEADER_BYTES);
    private final ByteBuffer partial = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private int filled;

    TensorReceiver(TensorRef ref) {
        this.ref = ref;
        this.destination = new float[ref.length()];
    }

    /**
     * Takes the next bytes of the response; true while more are expected. A response that refuses
     * the ref (unknown id, other length) throws {@link TensorFetchException}.
     */
    boolean accept(ByteString bytes) {
        for (ByteBuffer piece : bytes.getByteBuffers()) {
            if (header.hasRemaining()) {
                readHeader(piece);
            }
            if (!header.hasRemaining()) {
                readFloats(piece.order(ByteOrder.LITTLE_ENDIAN));
            }
            if (piece.hasRemaining()) {
                throw new TensorFetchException(ref.describe() + " cannot be fetched: the peer sent more bytes than the "
                        + "tensor holds.");
            }
        }
        return !complete();
    }

    boolean complete() {
        return !header.hasRemaining() && filled == destination.length && partial.position() == 0;
    }

    /** The array; only once {@link #complete()}. */
    float[] values() {
        return destination;
    }

    /** Bytes of the response received so far, header included, for a short read's sentence. */
    long receivedBytes() {
        return header.position() + (long) filled * Float.BYTES + partial.position();
    }

    long expectedBytes() {
        return TensorFrames.HEADER_BYTES + (long) destination.length * Float.BYTES;
    }

    private void readHeader(ByteBuffer piece) {
        while (header.hasRemaining() && piece.hasRemaining()) {
            header.put(piece.get());
        }
        if (header.hasRemaining()) {
            return;
        }
        int status = header.getInt(0);
        int length = header.getInt(Integer.BYTES);
        if (status == TensorFrames.UNKNOWN) {
            throw new TensorFetchException(TensorChannel.unknown(ref));
        }
        if (status == TensorFrames.OTHER_LENGTH) {
            throw new TensorFetchException(ref.describe() + " cannot be fetched: the peer serves that id with " + length
                    + " floats, so the ref is not for that array.");
        }
        if (status != TensorFrames.FOUND || length != destination.length) {
            throw new TensorFetchException(ref.describe() + " cannot be fetched: the peer answered with status " + status
                    + " and length " + length + ", which this version does not understand.");
        }
    }

    private void readFloats(ByteBuffer piece) {
        if (partial.position() > 0) {
            while (partial.hasRemaining() && piece.hasRemaining()) {
                partial.put(piece.get());
            }
            if (partial.hasRemaining()) {
                return;
            }
            guardRoom(1);
            destination[filled++] = partial.getFloat(0);
            partial.clear();
        }
        int whole = piece.remaining() / Float.BYTES;
        guardRoom(whole);
        piece.asFloatBuffer().get(destination, filled, whole);
        filled += whole;
        piece.position(piece.position() + whole * Float.BYTES);
        if (piece.hasRemaining()) {
            guardRoom(1);
            partial.put(piece);
        }
    }

    private void guardRoom(int floats) {
        if (floats > destination.length - filled) {
            throw new TensorFetchException(ref.describe() + " cannot be fetched: the peer sent more bytes than the "
                    + "tensor holds.");
        }
    }
}
