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
    MIXUP(3);

    private final long id;

    RandomPurpose(long id) {
        this.id = id;
    }

    public long id() {
        return id;
    }
}
