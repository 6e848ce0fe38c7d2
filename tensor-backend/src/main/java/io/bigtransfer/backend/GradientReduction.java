package io.bigtransfer.backend;

import java.util.List;

/**
 * Combines per-slice mean gradients into the mean gradient of the whole global batch:
 * {@code sum_i n_i * g_i / sum_i n_i}, summed in the order given (slice order), accumulated in
 * double so the result does not depend on how the batch was split beyond float rounding.
 */
public final class GradientReduction {
    private GradientReduction() {
    }

    public static WeightedGradient weightedMean(List<WeightedGradient> slices) {
        List<WeightedGradient> contributing = slices.stream().filter(s -> s.exampleCount() > 0).toList();
        if (contributing.isEmpty()) {
            throw new IllegalArgumentException("no slice contributed any example");
        }
        NamedBuffers layout = contributing.get(0).meanGradient();
        int total = 0;
        double lossSum = 0;
        for (WeightedGradient slice : contributing) {
            layout.requireSameLayout(slice.meanGradient());
            total += slice.exampleCount();
            lossSum += slice.exampleCount() * slice.meanLoss();
        }
        final int totalCount = total;
        List<NamedBuffer> reduced = layout.buffers().stream().map(buffer -> {
            double[] sum = new double[buffer.data().length];
            for (WeightedGradient slice : contributing) {
                float[] part = slice.meanGradient().get(buffer.name()).data();
                double weight = slice.exampleCount();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += weight * part[i];
                }
            }
            float[] mean = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = (float) (sum[i] / totalCount);
            }
            return buffer.withData(mean);
        }).toList();
        return new WeightedGradient(totalCount, lossSum / totalCount, NamedBuffers.of(reduced));
    }
}
