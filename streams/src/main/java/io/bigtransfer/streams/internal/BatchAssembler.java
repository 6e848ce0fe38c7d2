package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.SkippedSample;
import java.util.ArrayList;
import java.util.List;

/** Packs the loaded samples of one slice, in order, into a {@link MicroBatch}. */
final class BatchAssembler {
    private BatchAssembler() {
    }

    static MicroBatch assemble(List<LoadedSample> samples, int resolution, int classes) {
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
        int row = 0;
        for (LoadedSample sample : samples) {
            if (sample.isSkipped()) {
                continue;
            }
            System.arraycopy(sample.pixels(), 0, pixels, row * rowSize, rowSize);
            softTargets[row * classes + sample.label()] = 1f;
            labels[row] = sample.label();
            sampleIndices[row] = sample.task().index();
            row++;
        }
        SampleTask first = samples.get(0).task();
        return new MicroBatch(first.step(), first.epoch(), first.position(), count, resolution, resolution,
                pixels, classes, softTargets, labels, sampleIndices, skipped);
    }
}
