package io.bigtransfer.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientReductionTest {

    private static NamedBuffers gradient(float... values) {
        return NamedBuffers.of(List.of(new NamedBuffer("w", new int[] {values.length}, values)));
    }

    @Test
    void weightsEachSliceByItsExampleCount() {
        // Slice means of 3 and 1 examples: the batch mean is (3*[1,2] + 1*[5,-2]) / 4 = [2, 1].
        WeightedGradient reduced = GradientReduction.weightedMean(List.of(
                new WeightedGradient(3, 0.5, gradient(1, 2)),
                new WeightedGradient(1, 1.5, gradient(5, -2))));
        assertEquals(4, reduced.exampleCount());
        assertEquals(0.75, reduced.meanLoss(), 1e-12);
        assertArrayEquals(new float[] {2, 1}, reduced.meanGradient().get("w").data());
    }

    @Test
    void emptySlicesAreIgnored() {
        WeightedGradient reduced = GradientReduction.weightedMean(List.of(
                new WeightedGradient(0, Double.NaN, gradient(Float.NaN, Float.NaN)),
                new WeightedGradient(2, 1.0, gradient(4, 6))));
        assertArrayEquals(new float[] {4, 6}, reduced.meanGradient().get("w").data());
        assertThrows(IllegalArgumentException.class, () -> GradientReduction.weightedMean(List.of(
                new WeightedGradient(0, 0, gradient(1)))));
    }

    @Test
    void refusesSlicesOfDifferentLayouts() {
        NamedBuffers other = NamedBuffers.of(List.of(new NamedBuffer("v", new int[] {2}, new float[2])));
        assertThrows(IllegalArgumentException.class, () -> GradientReduction.weightedMean(List.of(
                new WeightedGradient(1, 0, gradient(1, 2)), new WeightedGradient(1, 0, other))));
    }
}
