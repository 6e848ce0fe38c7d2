package io.bigtransfer.config;

/**
 * An evaluation metric as checkpoints record it, and which way is better; {@code
 * bit.checkpoint.keep-best-by} names one (kebab-case) to keep the best checkpoint by.
 */
public enum CheckpointMetric {
    TOP1("top1", true),
    TOP5("top5", true),
    LOSS("loss", false),
    MEAN_PER_CLASS_ACCURACY("mean_per_class_accuracy", true);

    private final String key;
    private final boolean higherIsBetter;

    CheckpointMetric(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    /** The name under which a checkpoint's metrics map holds this metric. */
    public String key() {
        return key;
    }

    public boolean isBetter(double candidate, double incumbent) {
        return higherIsBetter ? candidate > incumbent : candidate < incumbent;
    }
}
