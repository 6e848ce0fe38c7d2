package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.SeededShuffle;
import io.bigtransfer.streams.internal.SubsetDataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Subsets of a data set for few-shot transfer. A subset is a {@link Dataset} whose bytes and
 * locations come from the base; it lists its samples in the base's listing order, so its sample
 * indices (and with them epoch orders and random keys) are as stable as the base's. Subsets
 * compose: {@code examplesPerClass(randomClasses(base, 5, seed), 10, seed)} is 5-way 10-shot.
 */
public final class DatasetSubsets {
    private DatasetSubsets() {
    }

    /**
     * The samples of the named classes, relabelled 0..k-1 in the order the base lists its classes
     * (not the order of {@code names}); the class names are kept.
     */
    public static Dataset classes(Dataset base, Collection<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a class subset needs at least one class name");
        }
        List<String> baseNames = base.classNames();
        for (String name : names) {
            if (!baseNames.contains(name)) {
                throw new DataException("The data set has no class named '" + name + "'.");
            }
        }
        Set<String> wanted = new HashSet<>(names);
        int[] newLabel = new int[baseNames.size()];
        List<String> kept = new ArrayList<>();
        for (int c = 0; c < baseNames.size(); c++) {
            newLabel[c] = wanted.contains(baseNames.get(c)) ? kept.size() : -1;
            if (newLabel[c] >= 0) {
                kept.add(baseNames.get(c));
            }
        }
        int[] indices = IntStream.range(0, base.size()).filter(i -> newLabel[base.label(i)] >= 0).toArray();
        if (indices.length == 0) {
            throw new DataException("The classes " + String.join(", ", kept) + " have no samples.");
        }
        int[] labels = Arrays.stream(indices).map(i -> newLabel[base.label(i)]).toArray();
        return new SubsetDataset(base, indices, labels, kept);
    }

    /**
     * {@code perClass} samples of every class; labels and class names unchanged. For class c, its
     * samples (in listing order) are permuted by {@link SeededShuffle} keyed by (seed, 0, c,
     * {@link RandomPurpose#SUBSET_SAMPLES}) and the first {@code perClass} of that permutation are
     * kept. So a class's choice depends only on the seed, its class index and its own samples.
     */
    public static Dataset examplesPerClass(Dataset base, int perClass, long seed) {
        if (perClass <= 0) {
            throw new IllegalArgumentException("examples per class must be positive, got " + perClass);
        }
        List<String> names = base.classNames();
        boolean[] chosen = new boolean[base.size()];
        for (int c = 0; c < names.size(); c++) {
            int label = c;
            int[] members = IntStream.range(0, base.size()).filter(i -> base.label(i) == label).toArray();
            if (members.length < perClass) {
                throw new DataException("Class '" + names.get(c) + "' has " + members.length
                        + " samples, fewer than the " + perClass + " per class asked for.");
            }
            int[] order = SeededShuffle.permutation(SampleRandom.of(seed, 0, c, RandomPurpose.SUBSET_SAMPLES),
                    members.length);
            for (int k = 0; k < perClass; k++) {
                chosen[members[order[k]]] = true;
            }
        }
        int[] indices = IntStream.range(0, base.size()).filter(i -> chosen[i]).toArray();
        int[] labels = Arrays.stream(indices).map(base::label).toArray();
        return new SubsetDataset(base, indices, labels, names);
    }

    /**
     * {@code count} of the classes: the first {@code count} of a {@link SeededShuffle} of the
     * class indices keyed by (seed, 0, 0, {@link RandomPurpose#SUBSET_CLASSES}), then
     * {@link #classes} of those, so they are relabelled in the base's class order.
     */
    public static Dataset randomClasses(Dataset base, int count, long seed) {
        List<String> names = base.classNames();
        if (count <= 0) {
            throw new IllegalArgumentException("the number of classes must be positive, got " + count);
        }
        if (count > names.size()) {
            throw new DataException("The data set has " + names.size() + " classes, fewer than the " + count
                    + " asked for.");
        }
        int[] order = SeededShuffle.permutation(SampleRandom.of(seed, 0, 0, RandomPurpose.SUBSET_CLASSES),
                names.size());
        List<String> chosen = Arrays.stream(order, 0, count).mapToObj(names::get).toList();
        return classes(base, chosen);
    }
}
