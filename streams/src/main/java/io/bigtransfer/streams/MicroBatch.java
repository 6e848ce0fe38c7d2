package io.bigtransfer.streams;

import java.util.List;

/**
 * Model inputs of one slice (training) or one batch (evaluation). Row i is data set sample
 * {@code sampleIndices[i]}; rows keep the slice's order with skipped samples left out, so
 * {@code count} may be below the slice size (even 0). The arrays belong to the batch: read them,
 * do not write them.
 *
 * @param step          training step t (evaluation: batch number)
 * @param epoch         epoch of the slice's first position (evaluation: 0)
 * @param position      data cursor of the slice's first sample (evaluation: its listing index)
 * @param count         rows n
 * @param pixels        n x height x width x 3 float32, NHWC, normalized (then mixed, under mixup)
 * @param softTargets   n x classes, row-major; one-hot, or under mixup l * own + (1 - l) * partner
 *                      (a row whose partner was skipped keeps its one-hot target)
 * @param labels        class index per row: the row's own class, also under mixup
 * @param sampleIndices global data set index per row
 * @param skipped       samples of this slice that were left out, in slice order
 */
public record MicroBatch(long step, long epoch, long position, int count, int height, int width, float[] pixels,
                         int classes, float[] softTargets, int[] labels, long[] sampleIndices,
                         List<SkippedSample> skipped) {
    public MicroBatch {
        if (pixels.length != (long) count * height * width * 3 || softTargets.length != (long) count * classes
                || labels.length != count || sampleIndices.length != count) {
            throw new IllegalArgumentException("a micro-batch needs one pixel block, target row, label and index per row");
        }
        skipped = List.copyOf(skipped);
    }
}
