package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.BadInputException;
import io.bigtransfer.streams.CropPlan;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.RandomPurpose;
import io.bigtransfer.streams.RgbImage;
import io.bigtransfer.streams.SampleRandom;
import io.bigtransfer.streams.SkipReason;
import java.io.IOException;

/** Read, check, decode, transform and normalize one sample; a bad input becomes a skip, never a failure. */
final class SampleLoader {
    private final Dataset dataset;
    private final ImagePipeline pipeline;
    private final long seed;

    SampleLoader(Dataset dataset, ImagePipeline pipeline, long seed) {
        this.dataset = dataset;
        this.pipeline = pipeline;
        this.seed = seed;
    }

    LoadedSample load(SampleTask task) {
        int label = dataset.label(task.index());
        RgbImage image;
        try {
            image = decode(task.index());
        } catch (BadInputException e) {
            pipeline.skipped().record(dataset.location(task.index()), e.reason(), e.getMessage());
            return LoadedSample.skipped(task, label, e.reason());
        }
        SampleRandom random = SampleRandom.of(seed, task.epoch(), task.index(), RandomPurpose.AUGMENT);
        CropPlan plan = pipeline.transform().plan(image.height(), image.width(), random);
        float[] pixels = new float[plan.height() * plan.width() * 3];
        BilinearCrop.render(image, plan, pipeline.normalization(), pixels, 0);
        return LoadedSample.decoded(task, label, pixels);
    }

    private RgbImage decode(int index) throws BadInputException {
        byte[] bytes;
        try {
            bytes = dataset.read(index);
        } catch (IOException e) {
            throw new BadInputException(SkipReason.UNREADABLE, e.toString());
        }
        EncodedImageCheck.verify(bytes);
        try {
            return pipeline.decoder().decode(bytes);
        } catch (BadInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders throw all sorts of runtime exceptions on malformed data; none may stop a run.
            throw new BadInputException(SkipReason.CORRUPT, e.toString());
        }
    }
}
