package io.bigtransfer.model.internal.eager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The convolutions through oneDNN directly against ND4J's {@code conv2d} and {@code conv2d_bp} on
 * the same NHWC data and HWIO kernel: output, input gradient and kernel gradient, for a 3x3 at
 * stride 1, a 3x3 at stride 2 on an odd size, and the root's 7x7 at stride 2, each at two batch
 * sizes on the same arrays, and again after a new kernel is loaded.
 */
class SpatialConvTest {
    @Test
    void theTestJvmRunsOneDnnDirectly() {
        assertTrue(Dnnl.available(), "the oneDNN presets load here, so these tests check the direct path");
    }

    @Test
    void oneDnnComputesWhatNd4jsOpsCompute() {
        check(3, 1, 1, 9, 7, 8, 12);
        check(3, 2, 1, 13, 11, 8, 16);
        check(7, 2, 3, 23, 17, 3, 8);
    }

    private static void check(int size, int stride, int padding, int height, int width, int in, int out) {
        int outHeight = (height + 2 * padding - size) / stride + 1;
        int outWidth = (width + 2 * padding - size) / stride + 1;
        int capacity = 4;
        SplittableRandom random = new SplittableRandom(size * 100L + stride);
        Activation input = filled(new Activation(capacity, height, width, in), random);
        Activation output = new Activation(capacity, outHeight, outWidth, out);
        Activation outputGradient = filled(new Activation(capacity, outHeight, outWidth, out), random);
        Activation inputGradient = new Activation(capacity, height, width, in);
        StandardizedKernel kernel = new StandardizedKernel("k", new int[] {size, size, in, out});
        SpatialConv conv = new SpatialConv(kernel, stride, padding, input, output, outputGradient, inputGradient, true,
                true);
        int[] arguments = {size, size, stride, stride, padding, padding, 1, 1, 0, 1, 0};
        for (int round = 0; round < 2; round++) {
            kernel.load(randomValues(random, size * size * in * out));
            for (int count : new int[] {capacity, 3}) {
                conv.forward(count);
                conv.backward(count);
                INDArray expectedOutput = output.images(count).ulike();
                INDArray expectedInputGradient = input.images(count).ulike();
                INDArray expectedKernelGradient = kernel.gradient.ulike();
                Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(input.images(count), kernel.array)
                        .addOutputs(expectedOutput).addIntegerArguments(arguments).build());
                Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                        .addInputs(input.images(count), kernel.array, outputGradient.images(count))
                        .addOutputs(expectedInputGradient, expectedKernelGradient).addIntegerArguments(arguments).build());
                String what = size + "x" + size + "/" + stride + " at " + height + "x" + width + ", " + count + " images";
                assertClose(expectedOutput, output.images(count), "output " + what);
                assertClose(expectedInputGradient, inputGradient.images(count), "input gradient " + what);
                assertClose(expectedKernelGradient, kernel.gradient, "kernel gradient " + what);
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = expected.amaxNumber().doubleValue();
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(scale > 0, what);
        assertEquals(0, difference, 1e-5 * scale, what);
    }

    private static Activation filled(Activation activation, SplittableRandom random) {
        activation.data.put(0, randomValues(random, activation.data.capacity()));
        return activation;
    }

    private static float[] randomValues(SplittableRandom random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
