package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.EpochOrder;
import io.bigtransfer.streams.TrainingStreamSpec;
import java.util.Iterator;

/**
 * The endless sequence of this worker's samples: slice after slice from the starting step. Keeps
 * only the current epoch's order; positions only grow, so an epoch is never needed again.
 */
public final class TrainingTasks implements Iterator<SampleTask> {
    private final TrainingStreamSpec spec;
    private final int datasetSize;
    private long step;
    private int offsetInSlice;
    private long orderEpoch = -1;
    private int[] order;

    public TrainingTasks(TrainingStreamSpec spec, int datasetSize) {
        this.spec = spec;
        this.datasetSize = datasetSize;
        this.step = spec.startStep();
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SampleTask next() {
        long position = spec.slicePosition(step) + offsetInSlice;
        long epoch = position / datasetSize;
        if (epoch != orderEpoch) {
            order = EpochOrder.permutation(spec.seed(), epoch, datasetSize);
            orderEpoch = epoch;
        }
        SampleTask task = new SampleTask(step, position, epoch, order[(int) (position % datasetSize)]);
        if (++offsetInSlice == spec.sliceSize()) {
            offsetInSlice = 0;
            step++;
        }
        return task;
    }
}
