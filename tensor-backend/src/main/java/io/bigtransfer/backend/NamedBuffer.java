package io.bigtransfer.backend;

import java.util.Arrays;

/** One named float32 tensor as a flat, row-major Java array with its shape. */
public record NamedBuffer(String name, int[] shape, float[] data) {

    public NamedBuffer {
        if (elementCount(shape) != data.length) {
            throw new IllegalArgumentException("buffer " + name + " has " + data.length
                    + " values but shape " + Arrays.toString(shape) + " needs " + elementCount(shape));
        }
    }

    public static long elementCount(int[] shape) {
        long count = 1;
        for (int dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    public NamedBuffer withData(float[] newData) {
        return new NamedBuffer(name, shape, newData);
    }
}
