package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.Mixup;
import io.bigtransfer.streams.SkippedSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Packs the loaded samples of one slice, in order, into a {@link MicroBatch} (their rows are
 * already rendered in place; those of skipped samples are closed up), mixing them in pairs
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
        BatchRows rows = samples.get(0).placed().rows();
        int rowSize = rows.rowSize();
        float[] rendered = rows.pixels();
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
            if (sample.placed().rows() != rows) {
                throw new IllegalStateException("the samples of one batch must share its rows");
            }
            // Rows move up over those of skipped samples (row <= slot, so nothing is overwritten first).
            if (row != sample.placed().slot()) {
                System.arraycopy(rendered, rows.offset(sample.placed().slot()), rendered, row * rowSize, rowSize);
            }
            softTargets[row * classes + sample.label()] = 1f;
            labels[row] = sample.label();
            sampleIndices[row] = sample.task().index();
            rowOfSample[k] = row++;
        }
        // A shorter batch (skips, or the last batch of an evaluation) gets an array of its own size.
        float[] pixels = rendered.length == count * rowSize ? rendered : Arrays.copyOf(rendered, count * rowSize);
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
