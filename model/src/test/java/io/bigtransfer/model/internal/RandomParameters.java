package io.bigtransfer.model.internal;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Non-trivial parameters for tests: random kernels, gammas around 1, small random betas and a
 * random head (a zero head would make the body's gradient vanish).
 */
final class RandomParameters {
    private RandomParameters() {
    }

    static void fill(ResNetV2Graph graph, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (String name : graph.parameterNames()) {
            INDArray array = graph.parameter(name);
            INDArray values = normal(random, name.endsWith("beta") || name.endsWith("bias") ? 0.2 : 0.5,
                    array.shape());
            if (name.endsWith("gamma")) {
                values.addi(1.0);
            }
            array.assign(values.castTo(array.dataType()));
        }
    }

    static INDArray normal(SplittableRandom random, double std, long... shape) {
        INDArray values = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE, shape);
        for (long i = 0; i < values.length(); i++) {
            values.putScalar(i, std * random.nextGaussian());
        }
        return values;
    }
}
