package io.bigtransfer.streams.internal;

/** The size of an image whose shorter side is scaled to a target, keeping the aspect ratio. */
public record ShorterSide(int height, int width) {
    /** The longer side is rounded to the nearest pixel; a square stays square. */
    public static ShorterSide resize(int height, int width, int target) {
        if (height <= width) {
            return new ShorterSide(target, scaled(width, target, height));
        }
        return new ShorterSide(scaled(height, target, width), target);
    }

    private static int scaled(int longer, int target, int shorter) {
        return (int) Math.round((double) longer * target / shorter);
    }
}
