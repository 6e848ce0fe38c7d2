package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.DecodedImage;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.PixelBuffer;
import io.bigtransfer.streams.RandomPurpose;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SampleRandom;
import io.bigtransfer.streams.SkipReason;
import java.io.IOException;

/**
 * Read, check, plan, decode, transform and normalize one sample into its batch row; a bad input
 * becomes a skip, never a failure. The crop is planned from the size in the header, before decoding, so the decoder can
 * decode at the reduction the plan allows ({@link CropPlan#decodeReduction()}).
 */
final class SampleLoader {
    /** Each decode thread renders an image before it decodes its next, so one array per thread serves all. */
    private static final ThreadLocal<PixelBuffer> DECODED = ThreadLocal.withInitial(PixelBuffer::new);

    private final Dataset dataset;
    private final ImagePipeline pipeline;
    private final long seed;

    SampleLoader(Dataset dataset, ImagePipeline pipeline, long seed) {
        this.dataset = dataset;
        this.pipeline = pipeline;
        this.seed = seed;
    }

    LoadedSample load(PlacedTask placed) {
        SampleTask task = placed.task();
        int label = dataset.label(task.index());
        try {
            render(task, placed.rows(), placed.slot());
            return LoadedSample.decoded(placed, label);
        } catch (BadInputException e) {
            pipeline.skipped().record(dataset.location(task.index()), e.reason(), e.getMessage());
            return LoadedSample.skipped(placed, label, e.reason());
        }
    }

    /** Into row {@code slot} of {@code rows}; nothing is written there when the input is bad. */
    private void render(SampleTask task, BatchRows rows, int slot) throws BadInputException {
        byte[] bytes;
        try {
            bytes = dataset.read(task.index());
        } catch (IOException e) {
            throw new BadInputException(SkipReason.UNREADABLE, e.toString());
        }
        HeaderSize size = EncodedImageCheck.verify(bytes);
        // Checked: both sides are positive and their product is at most 2^26.
        int height = (int) size.height();
        int width = (int) size.width();
        SampleRandom random = SampleRandom.of(seed, task.epoch(), task.index(), RandomPurpose.AUGMENT);
        CropPlan plan = pipeline.transform().plan(height, width, random);
        DecodedImage decoded = decode(bytes, plan.decodeReduction());
        RgbImage image = decoded.image();
        int reduction = decoded.reduction();
        if (image.height() != DecodedImage.reducedSide(height, reduction)
                || image.width() != DecodedImage.reducedSide(width, reduction)) {
            throw new BadInputException(SkipReason.CORRUPT, "decoded " + image.width() + "x" + image.height()
                    + " at 1/" + reduction + ", but the header claims " + width + "x" + height);
        }
        if ((long) plan.height() * plan.width() * 3 != rows.rowSize()) {
            throw new IllegalStateException("a " + plan.width() + "x" + plan.height() + " crop does not fill a row of "
                    + rows.rowSize() + " values");
        }
        BilinearCrop.render(decoded, plan, pipeline.normalization(), rows.pixels(), rows.offset(slot));
    }

    private DecodedImage decode(byte[] bytes, int reduction) throws BadInputException {
        try {
            return pipeline.decoder().decodeReduced(bytes, reduction, DECODED.get());
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders throw all sorts of runtime exceptions on malformed data; none may stop a run.
            throw new BadInputException(SkipReason.CORRUPT, e.toString());
        }
    }
}
