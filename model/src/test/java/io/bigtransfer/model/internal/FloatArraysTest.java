package io.bigtransfer.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FloatArraysTest {
    private static final float[] VALUES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void aOneByOneKernelIsWrittenAndReadInPlace() {
        // ND4J does not count [1, 1, 3, 4] with its own strides as having default strides.
        INDArray kernel = Nd4j.create(DataType.FLOAT, 1, 1, 3, 4);
        FloatBuffer buffer = FloatArrays.writableBuffer(kernel, new int[] {1, 1, 3, 4}, "k");
        buffer.put(0, VALUES);
        assertEquals(6f, kernel.getFloat(0, 0, 1, 1));
        FloatBuffer view = FloatArrays.readableBuffer(kernel);
        kernel.putScalar(new long[] {0, 0, 0, 0}, 42f);
        assertEquals(42f, view.get(0), "the kernel's own buffer, not a copy");
        float[] expected = VALUES.clone();
        expected[0] = 42f;
        assertArrayEquals(expected, FloatArrays.copyOf(kernel));
    }

    @Test
    void aTransposedViewIsReadInRowMajorOrderThroughACopy() {
        INDArray matrix = Nd4j.create(VALUES, new long[] {3, 4}, DataType.FLOAT);
        INDArray transposed = matrix.transpose();
        float[] expected = {1, 5, 9, 2, 6, 10, 3, 7, 11, 4, 8, 12};
        assertArrayEquals(expected, FloatArrays.copyOf(transposed));
        float[] read = new float[12];
        FloatArrays.readableBuffer(transposed).get(0, read);
        assertArrayEquals(expected, read);
        assertThrows(IllegalStateException.class, () -> FloatArrays.writableBuffer(transposed, new int[] {4, 3}, "t"));
    }

    @Test
    void aShapeThatDoesNotFitIsRefusedWithTheParametersName() {
        INDArray kernel = Nd4j.create(DataType.FLOAT, 1, 1, 3, 4);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FloatArrays.writableBuffer(kernel, new int[] {1, 1, 4, 3}, "resnet/k"));
        assertEquals("parameter resnet/k has shape [1, 1, 4, 3] but the model needs [1, 1, 3, 4]", refused.getMessage());
    }
}
