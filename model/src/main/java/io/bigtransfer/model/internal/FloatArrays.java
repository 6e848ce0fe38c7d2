package io.bigtransfer.model.internal;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between Java float arrays and ND4J arrays without touching the ND4J array's identity. */
public final class FloatArrays {
    private FloatArrays() {
    }

    /** Writes {@code values} (row-major) into {@code target} in place; shapes must agree. */
    public static void copyInto(float[] values, int[] shape, INDArray target, String name) {
        if (!Arrays.equals(toLong(shape), target.shape())) {
            throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(shape)
                    + " but the model needs " + Arrays.toString(target.shape()));
        }
        if (isDenseFloat(target)) {
            target.data().asNioFloat().put(values);
        } else {
            target.assign(Nd4j.create(values, target.shape(), target.dataType()));
        }
    }

    /**
     * The float buffer of {@code target} (dense, row-major float32), to write values of {@code
     * shape} in place; shapes must agree.
     */
    public static FloatBuffer writableBuffer(INDArray target, int[] shape, String name) {
        if (!Arrays.equals(toLong(shape), target.shape())) {
            throw new IllegalArgumentException("parameter " + name + " has shape " + Arrays.toString(shape)
                    + " but the model needs " + Arrays.toString(target.shape()));
        }
        if (!isDenseFloat(target)) {
            throw new IllegalStateException("the model's array for " + name + " is not a dense float32 array");
        }
        return target.data().asNioFloat();
    }

    /**
     * A read-only float buffer holding {@code source}'s values in row-major order: a view of its
     * own buffer where it is dense (valid while the caller holds {@code source}), else a copy on
     * the Java heap.
     */
    public static FloatBuffer readableBuffer(INDArray source) {
        return isDenseFloat(source) ? source.data().asNioFloat().asReadOnlyBuffer()
                : FloatBuffer.wrap(copyOf(source)).asReadOnlyBuffer();
    }

    /** A new row-major float copy of {@code source}, which may be reused by ND4J afterwards. */
    public static float[] copyOf(INDArray source) {
        if (isDenseFloat(source)) {
            float[] values = new float[Math.toIntExact(source.length())];
            source.data().asNioFloat().get(values);
            return values;
        }
        // A dense copy of our own, freed here: its buffer does not keep its native memory alive.
        try (INDArray dense = source.castTo(DataType.FLOAT).dup('c')) {
            float[] values = new float[Math.toIntExact(dense.length())];
            dense.data().asNioFloat().get(values);
            return values;
        }
    }

    /**
     * Whether the array's values are the first {@code length} floats of its buffer in row-major
     * order, so they can be read or written through the buffer directly. The stride of a
     * dimension of size 1 does not matter (ND4J gives 1x1 kernels strides of its own there).
     */
    private static boolean isDenseFloat(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.offset() != 0) {
            return false;
        }
        long[] shape = array.shape();
        long[] strides = array.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] > 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    static long[] toLong(int[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[i];
        }
        return result;
    }
}
