package io.bigtransfer.checkpoints.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes named buffers in their declared order: name, shape, then the float values as raw
 * little-endian IEEE 754 bits (NaN payloads included), so a round trip is bit-exact.
 * The value count is implied by the shape.
 */
public final class NamedBuffersSerializer extends Serializer<NamedBuffers> {
    // Values are converted in chunks so that a multi-gigabyte buffer needs no second full-size array.
    private static final int CHUNK_FLOATS = 16 * 1024;

    private final byte[] chunk = new byte[CHUNK_FLOATS * Float.BYTES];
    private final FloatBuffer chunkFloats = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();

    public NamedBuffersSerializer() {
        super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, NamedBuffers buffers) {
        output.writeVarInt(buffers.size(), true);
        for (NamedBuffer buffer : buffers.buffers()) {
            output.writeString(buffer.name());
            int[] shape = buffer.shape();
            output.writeVarInt(shape.length, true);
            for (int dimension : shape) {
                output.writeVarInt(dimension, true);
            }
            writeValues(output, buffer.data());
        }
    }

    @Override
    public NamedBuffers read(Kryo kryo, Input input, Class<? extends NamedBuffers> type) {
        int count = input.readVarInt(true);
        List<NamedBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = input.readString();
            int[] shape = new int[input.readVarInt(true)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = input.readVarInt(true);
            }
            buffers.add(new NamedBuffer(name, shape, readValues(input, name, shape)));
        }
        return NamedBuffers.of(buffers);
    }

    private void writeValues(Output output, float[] data) {
        for (int offset = 0; offset < data.length; offset += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, data.length - offset);
            chunkFloats.clear();
            chunkFloats.put(data, offset, n);
            output.writeBytes(chunk, 0, n * Float.BYTES);
        }
    }

    private float[] readValues(Input input, String name, int[] shape) {
        long elements = NamedBuffer.elementCount(shape);
        // Guards the allocation below against a damaged shape; arrays cannot hold more anyway.
        if (elements < 0 || elements > Integer.MAX_VALUE - 8) {
            throw new KryoException("buffer " + name + " has an impossible size of " + elements + " values");
        }
        float[] data = new float[(int) elements];
        for (int offset = 0; offset < data.length; offset += CHUNK_FLOATS) {
            int n = Math.min(CHUNK_FLOATS, data.length - offset);
            input.readBytes(chunk, 0, n * Float.BYTES);
            chunkFloats.clear();
            chunkFloats.get(data, offset, n);
        }
        return data;
    }
}
