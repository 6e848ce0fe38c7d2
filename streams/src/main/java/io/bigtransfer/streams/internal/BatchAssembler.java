package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.Mixup;
import io.bigtransfer.streams.SkippedSample;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs the loaded samples of one slice, in order, into a {@link MicroBatch}, mixing them in pairs
 * ({@link MixupPairs}) when mixup is on.
 */
final class BatchAssembler {
    private final int resolution;
    private final int classes;
    private final long seed;
    private final double mixupAlpha;

    /** {@code mixupAlpha} 0 means no mixup. */
    BatchAssembler(int resolution, int classes, long seed, double mixupAlpha) {
        this.resolution = resolution;
        this.classes = classes;
        this.seed = seed;
        this.mixupAlpha = mixupAlpha;
    }

    MicroBatch assemble(List<LoadedSample> samples) {
        List<SkippedSample> skipped = new ArrayList<>();
        for (LoadedSample sample : samples) {
            if (sample.isSkipped()) {
                skipped.add(new SkippedSample(sample.task().index(), sample.skipReason()));
            }
        }
        int count = samples.size() - skipped.size();
        int rowSize = resolution * resolution * 3;
        float[] pixels = new float[count * rowSize];
        float[] softTargets = new float[count * classes];
        int[] labels = new int[count];
        long[] sampleIndices = new long[count];
        int[] rowOfSample = new int[samples.size()];
        int row = 0;
        for (int k = 0; k < samples.size(); k++) {
            LoadedSample sample = samples.get(k);
            if (sample.isSkipped()) {
                rowOfSample[k] = -1;
                continue;
            }
            System.arraycopy(sample.pixels(), 0, pixels, row * rowSize, rowSize);
            softTargets[row * classes + sample.label()] = 1f;
            labels[row] = sample.label();
            sampleIndices[row] = sample.task().index();
            rowOfSample[k] = row++;
        }
        SampleTask first = samples.get(0).task();
        if (mixupAlpha > 0) {
            double lambda = Mixup.lambda(seed, first.step(), mixupAlpha);
            MixupPairs.mix(pixels, rowSize, rowOfSample, lambda);
            MixupPairs.mix(softTargets, classes, rowOfSample, lambda);
        }
        return new MicroBatch(first.step(), first.epoch(), first.position(), count, resolution, resolution,
                pixels, classes, softTargets, labels, sampleIndices, skipped);
    }
}
