package io.bigtransfer.model;

import io.bigtransfer.config.DataTransform;
import io.bigtransfer.config.HyperRule;
import io.bigtransfer.config.LearningRateDecay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The BiT-HyperRule (DESIGN.md, "BiT facts"): fine-tuning settings as a pure function of the
 * training set's size and its images' size. Both rules: batch 512, lr 0.003, momentum 0.9, no
 * weight decay; images under 96x96 pixels (by area, as the official code decides) get the small
 * resolution.
 *
 * @param steps       training steps
 * @param warmupSteps linear warmup from lr 0
 * @param decaySteps  boundaries after which lr falls tenfold ({@link LearningRateDecay#STEPS} only)
 * @param resolution  the crop the model sees
 */
public record BitHyperRule(int steps, int batch, double lr, double momentum, double weightDecay, int warmupSteps,
                           LearningRateDecay schedule, List<Integer> decaySteps, double mixupAlpha, int resolution,
                           DataTransform transform) {
    static final int BATCH = 512;
    static final double LR = 0.003;
    static final double MOMENTUM = 0.9;
    private static final int SMALL_EXAMPLES = 20_000;
    private static final int MEDIUM_EXAMPLES = 500_000;
    private static final int SMALL_IMAGE_AREA = 96 * 96;

    public BitHyperRule {
        decaySteps = List.copyOf(decaySteps);
    }

    /**
     * The settings {@code rule} gives a training set of {@code examples} images of about
     * {@code imageHeight x imageWidth}. {@code userSteps}, when the user fixed the length, stretches
     * the official rule's boundaries to it in proportion.
     */
    public static BitHyperRule derive(HyperRule rule, long examples, int imageHeight, int imageWidth,
                                      OptionalInt userSteps) {
        boolean smallImages = (long) imageHeight * imageWidth < SMALL_IMAGE_AREA;
        return switch (rule) {
            case COSINE -> cosine(examples, smallImages);
            case OFFICIAL -> official(examples, smallImages, userSteps);
            case AUTO, OFF -> throw new IllegalArgumentException("the HyperRule " + rule + " derives no settings");
        };
    }

    /**
     * The product's rule: 500 steps below 20k examples, 10k below 500k, else 20k; cosine decay
     * without warmup; mixup alpha 0.1 from 250k examples; resolution 128 or 224, downstream crops.
     */
    private static BitHyperRule cosine(long examples, boolean smallImages) {
        int steps = examples < SMALL_EXAMPLES ? 500 : examples < MEDIUM_EXAMPLES ? 10_000 : 20_000;
        double mixup = examples >= 250_000 ? 0.1 : 0.0;
        return new BitHyperRule(steps, BATCH, LR, MOMENTUM, 0.0, 0, LearningRateDecay.COSINE, List.of(), mixup,
                smallImages ? 128 : 224, DataTransform.DOWNSTREAM);
    }

    /**
     * google-research/big_transfer's {@code bit_hyperrule}: boundaries [100..500], [500, 3000, 6000,
     * 9000, 10000] or [500, 6000, 12000, 18000, 20000]; warmup over the first, lr / 10 after each
     * later one, stop at the last; mixup alpha 0.1 from 20k examples; crops of 128 or 480 (the
     * transform squashes to 160 or 512 first).
     */
    private static BitHyperRule official(long examples, boolean smallImages, OptionalInt userSteps) {
        List<Integer> boundaries = examples < SMALL_EXAMPLES ? List.of(100, 200, 300, 400, 500)
                : examples < MEDIUM_EXAMPLES ? List.of(500, 3000, 6000, 9000, 10_000)
                : List.of(500, 6000, 12_000, 18_000, 20_000);
        if (userSteps.isPresent()) {
            boundaries = stretch(boundaries, userSteps.getAsInt());
        }
        int last = boundaries.size() - 1;
        double mixup = examples >= SMALL_EXAMPLES ? 0.1 : 0.0;
        return new BitHyperRule(boundaries.get(last), BATCH, LR, MOMENTUM, 0.0, boundaries.get(0),
                LearningRateDecay.STEPS, boundaries.subList(1, last), mixup, smallImages ? 128 : 480,
                DataTransform.OFFICIAL);
    }

    /**
     * Boundaries scaled so the last is {@code steps}, each rounded; in a run too short to keep them
     * apart they collide, which {@code TrainSettings} then refuses with the numbers.
     */
    static List<Integer> stretch(List<Integer> boundaries, int steps) {
        int last = boundaries.get(boundaries.size() - 1);
        List<Integer> stretched = new ArrayList<>();
        for (int boundary : boundaries) {
            stretched.add((int) Math.round((double) boundary * steps / last));
        }
        return stretched;
    }

    /** The derived values under their {@code bit.*} keys. */
    public Map<String, Object> asSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bit.train.steps", steps);
        settings.put("bit.train.batch", batch);
        settings.put("bit.train.lr", lr);
        settings.put("bit.train.momentum", momentum);
        settings.put("bit.train.weight-decay", weightDecay);
        settings.put("bit.train.warmup-steps", warmupSteps);
        settings.put("bit.train.schedule", schedule.name().toLowerCase(Locale.ROOT));
        settings.put("bit.train.decay-steps", decaySteps);
        settings.put("bit.train.mixup-alpha", mixupAlpha);
        settings.put("bit.data.resolution", resolution);
        settings.put("bit.data.transform", transform.name().toLowerCase(Locale.ROOT));
        return settings;
    }
}
