package io.bigtransfer.actors.bench;

/**
 * The all-reduce bench's gradients: node i's float k is (k mod 4096) / 4 * (i + 1). Every value and
 * every partial sum is a multiple of 1/4 well below 2^22, so float addition is exact and each node
 * can check the sum it receives against (k mod 4096) / 4 * n(n + 1) / 2, float for float.
 */
final class BenchGradients {
    private static final int PERIOD = 4096;

    private BenchGradients() {
    }

    static float[] of(int node, int length) {
        float[] values = new float[length];
        for (int k = 0; k < length; k++) {
            values[k] = (k % PERIOD) * 0.25f * (node + 1);
        }
        return values;
    }

    /** {@code sum += values}, float by float. */
    static void add(float[] sum, float[] values) {
        for (int k = 0; k < sum.length; k++) {
            sum[k] += values[k];
        }
    }

    /** Whether {@code values} is exactly the sum of the gradients of nodes 0 to {@code nodes - 1}. */
    static boolean isSumOf(float[] values, int nodes) {
        float factor = nodes * (nodes + 1) / 2f;
        for (int k = 0; k < values.length; k++) {
            if (values[k] != (k % PERIOD) * 0.25f * factor) {
                return false;
            }
        }
        return true;
    }
}
