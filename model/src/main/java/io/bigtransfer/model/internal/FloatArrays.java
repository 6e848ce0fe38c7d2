package io.bigtransfer.model.internal;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
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

    /** A new row-major float copy of {@code source}, which may be reused by ND4J afterwards. */
    public static float[] copyOf(INDArray source) {
        INDArray dense = isDenseFloat(source) ? source : source.castTo(DataType.FLOAT).dup('c');
        float[] values = new float[Math.toIntExact(dense.length())];
        dense.data().asNioFloat().get(values);
        return values;
    }

    /**
     * Whether the array's values are the first {@code length} floats of its buffer in row-major
     * order, so they can be read or written through the buffer directly.
     */
    private static boolean isDenseFloat(INDArray array) {
        return array.dataType() == DataType.FLOAT && array.ordering() == 'c' && array.offset() == 0
                && Shape.hasDefaultStridesForShape(array);
    }

    static long[] toLong(int[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[i];
        }
        return result;
    }
}
