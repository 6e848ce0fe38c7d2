package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdMomentumTest {

    private static NamedBuffers buffers(float kernel, float gamma) {
        return NamedBuffers.of(List.of(
                new NamedBuffer("resnet/head/conv2d/kernel", new int[] {1}, new float[] {kernel}),
                new NamedBuffer("resnet/group_norm/gamma", new int[] {1}, new float[] {gamma})));
    }

    @Test
    void decaysConvAndDenseKernelsButNotNormParametersOrBiases() {
        SgdMomentum sgd = new SgdMomentum(0, 0.5);
        List<String> names = List.of("resnet/block1/unit01/a/standardized_conv2d/kernel", "resnet/head/conv2d/kernel",
                "resnet/head/conv2d/bias", "resnet/block1/unit01/a/group_norm/gamma",
                "resnet/block1/unit01/a/group_norm/beta");
        NamedBuffers ones = NamedBuffers.of(names.stream()
                .map(name -> new NamedBuffer(name, new int[] {1}, new float[] {1f})).toList());
        OptimizerState next = sgd.step(OptimizerState.start(ones), ones.zerosLike(), 1.0);
        // Zero gradient: only the decay term wd * theta = 0.5 moves a parameter.
        float[] expected = {0.5f, 0.5f, 1f, 1f, 1f};
        for (int i = 0; i < names.size(); i++) {
            assertEquals(expected[i], next.parameters().parameters().get(names.get(i)).data()[0], names.get(i));
        }
    }

    @Test
    void twoStepsMatchTheFormulaWithDecayOnKernelsOnly() {
        SgdMomentum sgd = new SgdMomentum(0.9, 0.1);
        OptimizerState state = OptimizerState.start(buffers(1.0f, 2.0f));
        // Step 1, lr 0.5: kernel g' = 0.2 + 0.1*1 = 0.3, v = 0.3, theta = 1 - 0.15 = 0.85.
        // gamma (no decay): g = 0.4, v = 0.4, theta = 2 - 0.2 = 1.8.
        state = sgd.step(state, buffers(0.2f, 0.4f), 0.5);
        assertArrayEquals(new float[] {0.85f}, state.parameters().parameters().get("resnet/head/conv2d/kernel").data(), 1e-7f);
        assertArrayEquals(new float[] {1.8f}, state.parameters().parameters().get("resnet/group_norm/gamma").data(), 1e-7f);
        // Step 2, lr 0.1: kernel g' = 0.2 + 0.085 = 0.285, v = 0.27 + 0.285 = 0.555, theta = 0.85 - 0.0555.
        // gamma: v = 0.36 + 0.4 = 0.76, theta = 1.8 - 0.076. The new lr does not rescale old velocity.
        state = sgd.step(state, buffers(0.2f, 0.4f), 0.1);
        assertArrayEquals(new float[] {0.7945f}, state.parameters().parameters().get("resnet/head/conv2d/kernel").data(), 1e-6f);
        assertArrayEquals(new float[] {1.724f}, state.parameters().parameters().get("resnet/group_norm/gamma").data(), 1e-6f);
        assertArrayEquals(new float[] {0.555f}, state.velocity().get("resnet/head/conv2d/kernel").data(), 1e-6f);
        assertEquals(2, state.parameters().version());
    }

    @Test
    void previousVersionIsNeverWritten() {
        OptimizerState start = OptimizerState.start(buffers(1.0f, 2.0f));
        new SgdMomentum(0.9, 0).step(start, buffers(1f, 1f), 1.0);
        assertArrayEquals(new float[] {1.0f}, start.parameters().parameters().get("resnet/head/conv2d/kernel").data());
        assertArrayEquals(new float[] {0f}, start.velocity().get("resnet/head/conv2d/kernel").data());
    }

    @Test
    void frozenParametersKeepTheirArraysAndMomentumAndGetNoDecay() {
        SgdMomentum headOnly = new SgdMomentum(0.9, 0.5, ModelSpec::isHead);
        OptimizerState start = OptimizerState.start(buffers(1.0f, 2.0f));
        NamedBuffers gradient = NamedBuffers.of(List.of(
                new NamedBuffer("resnet/head/conv2d/kernel", new int[] {1}, new float[] {0.2f}),
                new NamedBuffer("resnet/group_norm/gamma", new int[] {1}, new float[] {0.4f})));
        OptimizerState next = headOnly.step(start, gradient, 0.5);
        // Head kernel: g' = 0.2 + 0.5 * 1 = 0.7, theta = 1 - 0.35. The body's gamma does not move.
        assertArrayEquals(new float[] {0.65f}, next.parameters().parameters().get("resnet/head/conv2d/kernel").data(), 1e-7f);
        assertSame(start.parameters().parameters().get("resnet/group_norm/gamma").data(),
                next.parameters().parameters().get("resnet/group_norm/gamma").data());
        assertArrayEquals(new float[] {0f}, next.velocity().get("resnet/group_norm/gamma").data());
    }
}
