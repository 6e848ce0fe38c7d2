package io.bigtransfer.streams;

/**
 * Independent random streams of one key. The ids are part of the key, written out so that
 * renaming or reordering the constants never changes a run's random choices.
 */
public enum RandomPurpose {
    /** The shuffle of an epoch ({@link EpochOrder}). */
    ORDER(1),
    /** Per-sample augmentation choices (crop position, flip). */
    AUGMENT(2),
    /** The mixup weight of a global batch ({@link Mixup}); keyed by step, not by sample. */
    MIXUP(3),
    /** Which classes a few-shot subset keeps ({@link DatasetSubsets#randomClasses}). */
    SUBSET_CLASSES(4),
    /** Which samples of a class a few-shot subset keeps ({@link DatasetSubsets#examplesPerClass}). */
    SUBSET_SAMPLES(5);

    private final long id;

    RandomPurpose(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }
}
