package io.bigtransfer.model.internal.eager;

import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.model.internal.ParallelTasks;
import java.nio.ByteBuffer;

/**
 * One {@code relu(group_norm(x))} of the network: its parameters (gamma and beta, read from the
 * loaded parameter version), the statistics of the last forward pass, and the gradients of gamma
 * and beta from the last backward pass. Images run in parallel through {@link GroupNormReluKernel}.
 */
final class GroupNormReluLayer {
    final String gammaName;
    final String betaName;
    private final GroupNormReluKernel kernel;
    private final int channels;
    private final double[] mean;
    private final double[] inverse;
    private float[] gamma;
    private float[] beta;
    private double[][] gammaGradients;
    private double[][] betaGradients;

    GroupNormReluLayer(String prefix, Activation input, int groups, int capacity) {
        gammaName = prefix + "group_norm/gamma";
        betaName = prefix + "group_norm/beta";
        channels = input.channels;
        kernel = new GroupNormReluKernel(input.height, input.width, channels, groups, GroupNormLoops.fastest());
        mean = new double[capacity * groups];
        inverse = new double[capacity * groups];
    }

    void load(NamedBuffers parameters) {
        gamma = parameters.get(gammaName).data();
        beta = parameters.get(betaName).data();
    }

    void forward(Activation input, Activation output, int count) {
        ParallelTasks.forEach(count, image -> kernel.forward(input.bytes, output.bytes, image, gamma, beta, mean,
                inverse));
    }

    /**
     * Writes {@code inputGradient} from {@code outputGradient}, plus {@code addend} where it is not
     * null, and keeps gamma's and beta's gradients for {@link #gammaGradient} and {@link #betaGradient}.
     */
    void backward(Activation outputGradient, Activation input, Activation inputGradient, Activation addend, int count) {
        gammaGradients = new double[count][channels];
        betaGradients = new double[count][channels];
        ByteBuffer add = addend == null ? null : addend.bytes;
        ParallelTasks.forEach(count, image -> kernel.backward(outputGradient.bytes, input.bytes, inputGradient.bytes,
                add, image, gamma, beta, mean, inverse, gammaGradients, betaGradients));
    }

    float[] gammaGradient() {
        return sumOverImages(gammaGradients);
    }

    float[] betaGradient() {
        return sumOverImages(betaGradients);
    }

    /** Sums the images' rows in image order, so the result does not depend on the thread count. */
    private float[] sumOverImages(double[][] perImage) {
        double[] sum = new double[channels];
        for (double[] row : perImage) {
            for (int c = 0; c < channels; c++) {
                sum[c] += row[c];
            }
        }
        float[] result = new float[channels];
        for (int c = 0; c < channels; c++) {
            result[c] = (float) sum[c];
        }
        return result;
    }
}
