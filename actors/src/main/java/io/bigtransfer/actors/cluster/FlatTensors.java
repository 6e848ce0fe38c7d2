package io.bigtransfer.actors.cluster;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parameters and gradients as one float array, in the network's parameter order: what the bulk
 * channel moves. Both sides know the layout (the network), so only the values travel.
 */
final class FlatTensors {
    private FlatTensors() {
    }

    static float[] flatten(NamedBuffers buffers) {
        long total = 0;
        for (NamedBuffer buffer : buffers.buffers()) {
            total += buffer.data().length;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a network of " + total + " values does not fit one array");
        }
        float[] flat = new float[(int) total];
        int offset = 0;
        for (NamedBuffer buffer : buffers.buffers()) {
            System.arraycopy(buffer.data(), 0, flat, offset, buffer.data().length);
            offset += buffer.data().length;
        }
        return flat;
    }

    /** {@code flat} cut into tensors of these names and shapes, in this order (a network's parameter order). */
    static NamedBuffers unflatten(Map<String, int[]> shapes, float[] flat) {
        long expected = 0;
        for (int[] shape : shapes.values()) {
            expected += NamedBuffer.elementCount(shape);
        }
        if (expected != flat.length) {
            throw new IllegalArgumentException("an array of " + flat.length + " values does not fit a network of "
                    + expected + " values");
        }
        List<NamedBuffer> buffers = new ArrayList<>(shapes.size());
        int offset = 0;
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            int length = (int) NamedBuffer.elementCount(entry.getValue());
            float[] values = new float[length];
            System.arraycopy(flat, offset, values, 0, length);
            buffers.add(new NamedBuffer(entry.getKey(), entry.getValue(), values));
            offset += length;
        }
        return NamedBuffers.of(buffers);
    }
}
