package io.bigtransfer.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.TestParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Central finite differences in float64 against the gradient function the engine uses
 * (createGradFunction with the array cache on), through every kind of layer: root conv, pad and
 * pool, units with and without projection, stride 2, GN, head and the soft-target loss. The graph's
 * kernels are standardized already: Weight Standardization and its backward run outside the graph
 * and are checked by {@link WeightStandardizationTest}.
 */
class GradientCheckTest {
    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-5;
    private static final double MAGNITUDE_FLOOR = 1e-6;
    private static final int SAMPLES_PER_PARAMETER = 5;

    @Test
    void analyticGradientsMatchCentralDifferences() {
        ModelSpec spec = new ModelSpec(new int[] {1, 2, 1, 1}, 0.0625, 2, 3);
        ResNetV2Graph graph = ResNetV2Graph.build(spec, 9, 11, DataType.DOUBLE);
        for (NamedBuffer buffer : TestParameters.random(spec, 7).buffers()) {
            graph.parameter(buffer.name()).assign(asDouble(buffer.data(), buffer.shape()));
        }
        INDArray input = asDouble(TestParameters.images(11, 2, 9, 11).pixels(), 2, 9, 11, 3);
        INDArray targets = Nd4j.createFromArray(new double[][] {{0.2, 0.5, 0.3}, {0.7, 0.0, 0.3}});
        Map<String, INDArray> placeholders = Map.of(ResNetV2Graph.INPUT, input, ResNetV2Graph.TARGETS, targets);

        GradientPass.Result result = new GradientPass(graph).run(input, targets);
        assertEquals(spec.parameterShapes().size(), result.gradients().size());

        SplittableRandom random = new SplittableRandom(13);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        double worst = 0;
        for (String name : graph.parameterNames()) {
            INDArray parameter = graph.parameter(name);
            INDArray analytic = result.gradients().get(name).dup();
            for (int s = 0; s < SAMPLES_PER_PARAMETER; s++) {
                long index = s == 0 ? largestEntry(analytic) : random.nextLong(parameter.length());
                double original = parameter.getDouble(index);
                parameter.putScalar(index, original + STEP);
                double plus = loss(graph, placeholders);
                parameter.putScalar(index, original - STEP);
                double minus = loss(graph, placeholders);
                parameter.putScalar(index, original);
                double numeric = (plus - minus) / (2 * STEP);
                double exact = analytic.getDouble(index);
                double scale = Math.max(Math.abs(numeric), Math.abs(exact));
                if (scale <= MAGNITUDE_FLOOR) {
                    continue;
                }
                checked++;
                double relative = Math.abs(numeric - exact) / scale;
                worst = Math.max(worst, relative);
                if (relative > TOLERANCE) {
                    failures.add(name + "[" + index + "]: analytic " + exact + " numeric " + numeric);
                }
            }
        }
        System.out.printf("gradient check: %d entries, worst relative error %.3g%n", checked, worst);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(checked > graph.parameterNames().size() * 3, "too few entries above the floor: " + checked);
    }

    private static long largestEntry(INDArray values) {
        long best = 0;
        for (long i = 1; i < values.length(); i++) {
            if (Math.abs(values.getDouble(i)) > Math.abs(values.getDouble(best))) {
                best = i;
            }
        }
        return best;
    }

    private static INDArray asDouble(float[] values, int... shape) {
        long[] longShape = Arrays.stream(shape).asLongStream().toArray();
        return Nd4j.create(values, longShape, DataType.FLOAT).castTo(DataType.DOUBLE);
    }

    private static double loss(ResNetV2Graph graph, Map<String, INDArray> placeholders) {
        return graph.sameDiff().output(placeholders, ResNetV2Graph.LOSS).get(ResNetV2Graph.LOSS).getDouble(0);
    }
}
