package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeProbeTest {

    @Test
    void separatesTwoClassesOnALine() {
        float[] train = {0f, 1f, 2f, 3f};
        RidgeProbe probe = RidgeProbe.fit(train, 1, new int[] {0, 0, 1, 1}, 2, 1e-3);
        assertArrayEquals(new int[] {0, 0, 1, 1}, probe.predict(train));
        assertArrayEquals(new int[] {0, 1}, probe.predict(new float[] {-5f, 8f}));
        assertEquals(0.5, probe.accuracy(new float[] {-5f, -6f}, new int[] {0, 1}));
    }

    @Test
    void handComputedOneFeature() {
        // Whitened features: x = [-1, 1] (mean 0.5, std 0.5 of [0, 1]), bias column 100, targets
        // ±1. The normal equations (X^T X + I) W = X^T Y give, per class, a 2x2 system:
        // [[3, 0], [0, 20001]] w = [x^T y, 100 * sum(y)], so w = [-2/3, 0] for class 0.
        RidgeProbe probe = RidgeProbe.fit(new float[] {0f, 1f}, 1, new int[] {0, 1}, 2, 1.0);
        double[][] w = probe.weights();
        assertEquals(-2.0 / 3.0, w[0][0], 1e-4);
        assertEquals(0.0, w[1][0], 1e-12);
        assertEquals(2.0 / 3.0, w[0][1], 1e-4);
    }

    @Test
    void weightsSolveTheNormalEquationsInBothForms() {
        Random random = new Random(3);
        for (int rows : new int[] {6, 40}) {
            int depth = 12;
            int classes = 3;
            float[] features = new float[rows * depth];
            int[] labels = new int[rows];
            for (int i = 0; i < rows; i++) {
                labels[i] = i % classes;
                for (int d = 0; d < depth; d++) {
                    features[i * depth + d] = (float) (random.nextGaussian() + (d == labels[i] ? 2 : 0));
                }
            }
            double l2 = 0.5;
            double[][] w = RidgeProbe.fit(features, depth, labels, classes, l2).weights();
            double[][] x = whitenedWithBias(features, rows, depth);
            for (int r = 0; r <= depth; r++) {
                for (int c = 0; c < classes; c++) {
                    double lhs = l2 * w[r][c];
                    double rhs = 0;
                    for (int i = 0; i < rows; i++) {
                        double fitted = 0;
                        for (int k = 0; k <= depth; k++) {
                            fitted += x[i][k] * w[k][c];
                        }
                        lhs += x[i][r] * fitted;
                        rhs += x[i][r] * (labels[i] == c ? 1.0 : -1.0);
                    }
                    assertEquals(rhs, lhs, 1e-6 * Math.max(1, Math.abs(rhs)), rows + " rows, entry " + r + "," + c);
                }
            }
        }
    }

    private static double[][] whitenedWithBias(float[] features, int rows, int depth) {
        double[][] x = new double[rows][depth + 1];
        for (int d = 0; d < depth; d++) {
            double mean = 0;
            for (int i = 0; i < rows; i++) {
                mean += features[i * depth + d];
            }
            mean /= rows;
            double variance = 0;
            for (int i = 0; i < rows; i++) {
                variance += Math.pow(features[i * depth + d] - mean, 2);
            }
            double std = Math.sqrt(variance / rows) + 1e-5;
            for (int i = 0; i < rows; i++) {
                x[i][d] = (features[i * depth + d] - mean) / std;
            }
        }
        for (int i = 0; i < rows; i++) {
            x[i][depth] = 100;
        }
        return x;
    }
}
