package io.bigtransfer.model.internal.eager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The root's zero padding + 3x3/2 max pool on a hand-computed 4x4 image. */
class RootPoolTest {
    /** Its top-left corner is negative, so a padded zero is that window's maximum. */
    private static final float[] IMAGE = {
        -5, -1, -2, 3,
        -3, -4, 7, 1,
        2, 6, -1, 0,
        8, -2, 4, 5};

    @Test
    void paddedZerosTakePartAndGradientsGoWhereTheMaximaCameFrom() {
        Activation input = new Activation(1, 4, 4, 1);
        Activation output = new Activation(1, 2, 2, 1);
        input.data.put(0, IMAGE);
        RootPool pool = new RootPool(input, output, 1);
        pool.forward(0);
        // Windows: rows and columns -1..1 and 1..3 of the image.
        assertArrayEquals(new float[] {0, 7, 8, 7}, read(output, 4));

        Activation outputGradient = new Activation(1, 2, 2, 1);
        Activation inputGradient = new Activation(1, 4, 4, 1);
        outputGradient.data.put(0, new float[] {1, 2, 3, 4});
        inputGradient.data.put(0, new float[16]).put(0, 99f);
        pool.backward(outputGradient, inputGradient, 0);
        float[] expected = new float[16];
        expected[6] = 2 + 4;
        expected[12] = 3;
        assertArrayEquals(expected, read(inputGradient, 16), "the padded zero's gradient is dropped, the 7 gets two");
    }

    private static float[] read(Activation activation, int count) {
        float[] values = new float[count];
        activation.data.get(0, values);
        return values;
    }
}
