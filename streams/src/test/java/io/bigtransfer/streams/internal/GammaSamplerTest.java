package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.streams.RandomPurpose;
import io.bigtransfer.streams.SampleRandom;
import org.junit.jupiter.api.Test;

class GammaSamplerTest {
    @Test
    void meanAndVarianceAreTheShape() {
        // Gamma(a, 1): mean a, variance a. 0.1 takes the boost, 1 and 3.5 Marsaglia-Tsang directly.
        int n = 20_000;
        for (double shape : new double[] {0.1, 1, 3.5}) {
            double sum = 0;
            double sumOfSquares = 0;
            for (int i = 0; i < n; i++) {
                GammaSampler sampler = new GammaSampler(SampleRandom.of(1, 0, i, RandomPurpose.MIXUP));
                double x = Math.exp(sampler.logGamma(shape));
                sum += x;
                sumOfSquares += x * x;
            }
            double mean = sum / n;
            double variance = sumOfSquares / n - mean * mean;
            // Standard error of the mean sqrt(a / n): at most 0.014 here; of the variance at most ~0.07.
            assertEquals(shape, mean, 5 * Math.sqrt(shape / n), "mean for shape " + shape);
            assertEquals(shape, variance, 0.1 * shape + 0.02, "variance for shape " + shape);
        }
    }

    @Test
    void refusesAShapeThatIsNotPositive() {
        GammaSampler sampler = new GammaSampler(SampleRandom.of(1, 0, 0, RandomPurpose.MIXUP));
        assertThrows(IllegalArgumentException.class, () -> sampler.logGamma(0));
        assertThrows(IllegalArgumentException.class, () -> sampler.logGamma(Double.POSITIVE_INFINITY));
    }
}
