package io.bigtransfer.streams;

/**
 * BiT pre-training augmentation, the inception crop, sampled once: a box covering a share of the
 * image's area uniform in [0.08, 1], with aspect ratio (width / height) log-uniform in [3/4, 4/3],
 * width round(sqrt(area * aspect)) and height round(sqrt(area / aspect)), at a uniformly random
 * position; a box that does not fit in the image gives way to the center square of side
 * min(H, W). The box is resized (bilinear, ignoring its aspect ratio) to a {@code resolution}
 * square and flipped left-right with p = 0.5.
 * Draws: 0 the area share, 1 the aspect ratio, 2 the box's top, 3 its left, 4 the flip.
 */
public record UpstreamTrain(int resolution) implements Transform {
    private static final double MIN_AREA_SHARE = 0.08;
    private static final double LOG_MIN_ASPECT = Math.log(3.0 / 4.0);
    private static final double LOG_MAX_ASPECT = Math.log(4.0 / 3.0);

    public UpstreamTrain {
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
    }

    @Override
    public CropPlan plan(int height, int width, SampleRandom random) {
        double area = (MIN_AREA_SHARE + (1 - MIN_AREA_SHARE) * random.uniform(0)) * height * width;
        double aspect = Math.exp(LOG_MIN_ASPECT + (LOG_MAX_ASPECT - LOG_MIN_ASPECT) * random.uniform(1));
        int boxWidth = (int) Math.round(Math.sqrt(area * aspect));
        int boxHeight = (int) Math.round(Math.sqrt(area / aspect));
        // A tiny image can round a side to 0: that box does not fit either.
        boolean fits = boxHeight >= 1 && boxWidth >= 1 && boxHeight <= height && boxWidth <= width;
        SourceBox box = fits
                ? new SourceBox(random.below(height - boxHeight + 1, 2), random.below(width - boxWidth + 1, 3),
                        boxHeight, boxWidth)
                : centerSquare(height, width);
        boolean flip = random.uniform(4) < 0.5;
        return new CropPlan(box, resolution, resolution, 0, 0, resolution, resolution, flip);
    }

    /** An odd margin puts the extra pixel after the square, as {@link DownstreamEval}'s center crop does. */
    private static SourceBox centerSquare(int height, int width) {
        int side = Math.min(height, width);
        return new SourceBox((height - side) / 2, (width - side) / 2, side, side);
    }
}
