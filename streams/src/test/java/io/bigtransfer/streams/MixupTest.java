package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class MixupTest {
    private static final int STEPS = 20_000;

    private static double[] lambdas(double alpha) {
        double[] lambdas = new double[STEPS];
        for (int step = 0; step < STEPS; step++) {
            lambdas[step] = Mixup.lambda(11, step, alpha);
            assertTrue(lambdas[step] >= 0 && lambdas[step] <= 1, "lambda " + lambdas[step]);
        }
        return lambdas;
    }

    @Test
    void lambdaHasTheMeanAndVarianceOfBetaAlphaAlpha() {
        // Beta(a, a): mean 1/2, variance 1 / (4 (2a + 1)); 0.1 and 0.4 take the a < 1 boost.
        for (double alpha : new double[] {0.1, 0.4, 1, 3}) {
            double[] lambdas = lambdas(alpha);
            double mean = Arrays.stream(lambdas).average().orElseThrow();
            double variance = Arrays.stream(lambdas).map(l -> (l - 0.5) * (l - 0.5)).average().orElseThrow();
            double expected = 1 / (4 * (2 * alpha + 1));
            // Standard errors at 20000 steps: below 0.0035 for the mean, 0.001 for the variance.
            assertEquals(0.5, mean, 0.015, "mean for alpha " + alpha);
            assertEquals(expected, variance, 0.005, "variance for alpha " + alpha);
        }
    }

    @Test
    void lambdaFollowsTheBetaDistributionsWithClosedFormCdfs() {
        // Beta(1, 1) is uniform; Beta(1/2, 1/2) is the arcsine law, F(x) = 2/pi asin(sqrt x).
        // Kolmogorov-Smirnov at 20000 steps: D above 1.95 / sqrt(n) = 0.0138 has p < 0.001.
        assertTrue(ksDistance(lambdas(1), x -> x) < 0.0138);
        assertTrue(ksDistance(lambdas(0.5), x -> 2 / Math.PI * Math.asin(Math.sqrt(x))) < 0.0138);
        // And the test can tell them apart.
        assertTrue(ksDistance(lambdas(0.5), x -> x) > 0.05);
    }

    @Test
    void aTinyAlphaStillGivesLambdasInZeroOne() {
        // Gamma(0.01) variates underflow doubles; lambda is computed from their logarithms.
        double[] lambdas = lambdas(0.01);
        assertEquals(1 / (4 * 1.02), Arrays.stream(lambdas).map(l -> (l - 0.5) * (l - 0.5)).average().orElseThrow(),
                0.005);
    }

    @Test
    void lambdaIsAPureFunctionOfSeedAndStep() {
        assertEquals(Mixup.lambda(3, 7, 0.1), Mixup.lambda(3, 7, 0.1));
        assertNotEquals(Mixup.lambda(3, 7, 0.1), Mixup.lambda(3, 8, 0.1));
        assertNotEquals(Mixup.lambda(3, 7, 0.1), Mixup.lambda(4, 7, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Mixup.lambda(3, 7, 0));
        assertThrows(IllegalArgumentException.class, () -> Mixup.lambda(3, 7, Double.NaN));
    }

    private static double ksDistance(double[] sample, DoubleUnaryOperator cdf) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double distance = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            distance = Math.max(distance, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return distance;
    }
}
