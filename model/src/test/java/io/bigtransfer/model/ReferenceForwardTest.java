package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.backend.ParameterVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each engine's logits against {@link ReferenceResNetV2}, a plain-Java float64 forward pass, at odd
 * input sizes: the training size and another size (a graph or network built for it on demand).
 */
class ReferenceForwardTest {
    private static final ModelSpec SPEC = new ModelSpec(new int[] {1, 2, 1, 1}, 0.0625, 2, 5);
    private static final double TOLERANCE = 1e-4;

    @Test
    void logitsMatchThePlainJavaReference() {
        ParameterVersion parameters = new ParameterVersion(1, TestParameters.random(SPEC, 21));
        ReferenceResNetV2 reference = new ReferenceResNetV2(SPEC, parameters.parameters());
        for (GradientEngine engine : List.of(new SameDiffGradientEngine(SPEC, 23, 17),
                new EagerGradientEngine(SPEC, 23, 17))) {
            try (engine) {
                for (int[] size : new int[][] {{23, 17}, {15, 13}}) {
                    ImageBatch images = TestParameters.images(5, 3, size[0], size[1]);
                    float[] actual = engine.logits(parameters, images);
                    double[] expected = reference.logits(images);
                    assertEquals(expected.length, actual.length);
                    for (int i = 0; i < expected.length; i++) {
                        assertEquals(expected[i], actual[i], TOLERANCE, engine.getClass().getSimpleName() + " logit " + i
                                + " at " + size[0] + "x" + size[1]);
                    }
                }
            }
        }
    }

    @Test
    void referenceRootHalvesTwiceRoundingUp() {
        ReferenceResNetV2 reference = new ReferenceResNetV2(SPEC, TestParameters.random(SPEC, 1));
        for (int[] size : new int[][] {{23, 17}, {9, 11}, {28, 28}, {7, 6}}) {
            ReferenceResNetV2.Tensor input = new ReferenceResNetV2.Tensor(1, size[0], size[1], 3);
            ReferenceResNetV2.Tensor root = reference.rootBlock(input);
            assertEquals(ceilHalf(ceilHalf(size[0])), root.h());
            assertEquals(ceilHalf(ceilHalf(size[1])), root.w());
        }
    }

    private static int ceilHalf(int size) {
        return (int) Math.ceil(size / 2.0);
    }
}
