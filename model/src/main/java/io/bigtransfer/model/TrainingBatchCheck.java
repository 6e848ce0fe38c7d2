package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import java.util.ArrayList;
import java.util.List;

/** What every gradient engine checks of a training batch, and answers for one without images. */
final class TrainingBatchCheck {
    private TrainingBatchCheck() {
    }

    /**
     * Refuses a batch of another input size than the engine trains on, or (when it has images) of
     * another class count than the model's.
     */
    static void require(ModelSpec spec, int height, int width, TrainingBatch batch) {
        ImageBatch images = batch.images();
        if (images.height() != height || images.width() != width) {
            throw new IllegalArgumentException("this engine trains on " + height + "x" + width + " images, not "
                    + images.height() + "x" + images.width());
        }
        if (images.count() > 0 && batch.classes() != spec.classes()) {
            throw new IllegalArgumentException("targets have " + batch.classes() + " classes but the model has "
                    + spec.classes());
        }
    }

    /** The result of a batch without images: a loss of 0 and a zero gradient for every parameter. */
    static GradientResult emptyResult(ModelSpec spec) {
        List<NamedBuffer> zeros = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) ->
                zeros.add(new NamedBuffer(name, shape, new float[(int) NamedBuffer.elementCount(shape)])));
        return new GradientResult(0.0, 0, NamedBuffers.of(zeros), new float[0]);
    }
}
