package io.bigtransfer.actors.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The all-reduce bench's check must accept the sum in node order and nothing else. */
class BenchGradientsTest {
    private static final int LENGTH = 10_000;

    @Test
    void theSumOfEveryNodesGradientInNodeOrderIsExact() {
        for (int nodes : new int[] {2, 3, 64}) {
            assertTrue(BenchGradients.isSumOf(sumOf(nodes), nodes), nodes + " nodes");
        }
    }

    @Test
    void aMissingGradientOrOneChangedFloatIsNoticed() {
        assertFalse(BenchGradients.isSumOf(sumOf(2), 3));
        float[] sum = sumOf(3);
        sum[LENGTH - 1] = Math.nextUp(sum[LENGTH - 1]);
        assertFalse(BenchGradients.isSumOf(sum, 3));
    }

    private static float[] sumOf(int nodes) {
        float[] sum = BenchGradients.of(0, LENGTH);
        for (int node = 1; node < nodes; node++) {
            BenchGradients.add(sum, BenchGradients.of(node, LENGTH));
        }
        return sum;
    }
}
