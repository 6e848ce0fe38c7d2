package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.Dataset;
import java.io.IOException;
import java.util.List;

/**
 * Some samples of a base data set under new labels: sample i is the base's sample
 * {@code baseIndices[i]} labelled {@code labels[i]}, an index into {@code classNames}. Bytes and
 * locations come from the base.
 */
public final class SubsetDataset implements Dataset {
    private final Dataset base;
    private final int[] baseIndices;
    private final int[] labels;
    private final List<String> classNames;

    public SubsetDataset(Dataset base, int[] baseIndices, int[] labels, List<String> classNames) {
        if (baseIndices.length == 0 || baseIndices.length != labels.length) {
            throw new IllegalArgumentException("a subset needs at least one sample and one label per sample");
        }
        this.base = base;
        this.baseIndices = baseIndices.clone();
        this.labels = labels.clone();
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int size() {
        return baseIndices.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public byte[] read(int index) throws IOException {
        return base.read(baseIndices[index]);
    }

    @Override
    public String location(int index) {
        return base.location(baseIndices[index]);
    }
}
