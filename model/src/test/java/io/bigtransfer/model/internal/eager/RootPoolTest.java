package io.bigtransfer.model.internal.eager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
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

    @Test
    void theVectorLoopsGiveTheScalarLoopsMaximaAndGradientsAndTheDefinitionsMaxima() {
        assertEquals("SimdMaxPoolLoops", MaxPoolLoops.fastest().getClass().getSimpleName(),
                "the tests run with the Vector API (pom.xml)");
        // 19 channels: two vectors of 8 and 3 channels past them; values on a grid of 0.5 in
        // [-3, 3], so that windows hold ties, zeros and all-negative values.
        int height = 9;
        int width = 7;
        int channels = 19;
        SplittableRandom random = new SplittableRandom(5);
        float[] image = new float[height * width * channels];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextInt(13) * 0.5f - 3f;
        }
        float[][] maxima = new float[2][];
        float[][] gradients = new float[2][];
        for (int variant = 0; variant < 2; variant++) {
            Activation input = new Activation(2, height, width, channels);
            Activation output = new Activation(2, 5, 4, channels);
            input.data.put(input.imageSize(), image);
            RootPool pool = new RootPool(input, output, 2, variant == 0 ? MaxPoolLoops.scalar() : MaxPoolLoops.fastest());
            pool.forward(1);
            maxima[variant] = new float[output.imageSize()];
            output.data.get(output.imageSize(), maxima[variant]);
            Activation outputGradient = new Activation(2, 5, 4, channels);
            for (int i = 0; i < output.imageSize(); i++) {
                outputGradient.data.put(output.imageSize() + i, i + 1);
            }
            Activation inputGradient = new Activation(2, height, width, channels);
            pool.backward(outputGradient, inputGradient, 1);
            gradients[variant] = new float[input.imageSize()];
            inputGradient.data.get(input.imageSize(), gradients[variant]);
        }
        assertArrayEquals(maxima[0], maxima[1]);
        assertArrayEquals(gradients[0], gradients[1]);
        float[] expectedGradient = new float[image.length];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 4; j++) {
                for (int c = 0; c < channels; c++) {
                    // The definition: the first maximum in scan order, a padded zero included.
                    float expected = Float.NEGATIVE_INFINITY;
                    int source = -1;
                    for (int r = 2 * i - 1; r <= 2 * i + 1; r++) {
                        for (int s = 2 * j - 1; s <= 2 * j + 1; s++) {
                            boolean inside = r >= 0 && r < height && s >= 0 && s < width;
                            float value = inside ? image[(r * width + s) * channels + c] : 0f;
                            if (value > expected) {
                                expected = value;
                                source = inside ? (r * width + s) * channels + c : -1;
                            }
                        }
                    }
                    int out = (i * 4 + j) * channels + c;
                    assertEquals(expected, maxima[1][out], "output " + i + "," + j + "," + c);
                    if (source >= 0) {
                        expectedGradient[source] += out + 1;
                    }
                }
            }
        }
        assertArrayEquals(expectedGradient, gradients[1]);
    }

    private static float[] read(Activation activation, int count) {
        float[] values = new float[count];
        activation.data.get(0, values);
        return values;
    }
}
