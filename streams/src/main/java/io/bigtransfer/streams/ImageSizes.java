package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.EncodedImageCheck;
import io.bigtransfer.streams.internal.HeaderSize;
import java.io.IOException;
import java.util.Arrays;

/**
 * How large a data set's images typically are, from their headers alone (the BiT-HyperRule picks
 * its resolution by whether images are under 96x96 pixels). Each probed sample's bytes are read
 * (a {@link Dataset} offers no partial read) but never decoded.
 */
public final class ImageSizes {
    private ImageSizes() {
    }

    /**
     * The median height and the median width (each on its own; for an even count the lower middle
     * value) of up to {@code samples} samples spread evenly over the listing: sample
     * floor(k * N / n) for k = 0 .. n - 1, n = min(samples, N). Samples that cannot be read, or
     * whose PNG/JPEG header is missing or insane (those training would skip), are left out.
     *
     * @throws DataException when none of the probed samples has a usable header
     */
    public static ImageSize probe(Dataset dataset, int samples) {
        if (samples <= 0) {
            throw new IllegalArgumentException("the number of samples to probe must be positive, got " + samples);
        }
        int probed = Math.min(samples, dataset.size());
        int[] heights = new int[probed];
        int[] widths = new int[probed];
        int usable = 0;
        for (int k = 0; k < probed; k++) {
            int index = (int) ((long) k * dataset.size() / probed);
            try {
                HeaderSize size = EncodedImageCheck.headerSize(dataset.read(index));
                // The check above bounds both sides by 2^26 pixels, so they fit an int.
                heights[usable] = (int) size.height();
                widths[usable] = (int) size.width();
                usable++;
            } catch (IOException e) {
                // Unreadable or not an image: it says nothing about the typical size.
            }
        }
        if (usable == 0) {
            throw new DataException("None of the " + probed + " images probed (the first at " + dataset.location(0)
                    + ") has a readable PNG or JPEG header.");
        }
        return new ImageSize(lowerMedian(heights, usable), lowerMedian(widths, usable));
    }

    private static int lowerMedian(int[] values, int count) {
        int[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[(count - 1) / 2];
    }
}
