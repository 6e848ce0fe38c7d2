package io.bigtransfer.model;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.internal.HeadOnlyStep;
import io.bigtransfer.model.internal.eager.EagerResNet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradient engine that runs the network op by op, without a graph ({@link EagerResNet}):
 * convolutions in oneDNN called directly (ND4J's ops where it did not load), group norm + ReLU with
 * its analytic backward in Java, every array allocated once and reused. It computes the same
 * function as {@link SameDiffGradientEngine} and is the CPU default (docs/speed.md). Training runs
 * at one input size, fixed at construction;
 * {@link #logits} and {@link #features} accept any size and keep one network per size they meet,
 * each holding as many images as the largest batch it was given. An empty batch yields zero
 * gradients and a loss of 0. One thread at a time.
 *
 * <p>For linear probing ({@link #linearProbe}) the body is frozen: a step is a forward pass to the
 * features and the head's gradient from them ({@link HeadOnlyStep}); no backward pass runs.
 */
public final class EagerGradientEngine implements GradientEngine {
    private final ModelSpec spec;
    private final int height;
    private final int width;
    private final boolean bodyFrozen;
    private final boolean oneDnn;
    private final Map<List<Integer>, EagerResNet> networks = new HashMap<>();
    private boolean closed;

    public EagerGradientEngine(ModelSpec spec, int height, int width) {
        this(spec, height, width, false, true);
    }

    /**
     * With {@code oneDnn} false, the convolutions run in ND4J's ops even where oneDNN loaded: the
     * fallback, which the tests check too.
     */
    EagerGradientEngine(ModelSpec spec, int height, int width, boolean bodyFrozen, boolean oneDnn) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, not " + height + "x" + width);
        }
        this.spec = spec;
        this.height = height;
        this.width = width;
        this.bodyFrozen = bodyFrozen;
        this.oneDnn = oneDnn;
    }

    /** An engine that trains only the head: the gradients of all other parameters are zero. */
    public static EagerGradientEngine linearProbe(ModelSpec spec, int height, int width) {
        return new EagerGradientEngine(spec, height, width, true, true);
    }

    @Override
    public GradientResult gradients(ParameterVersion parameters, TrainingBatch batch) {
        requireOpen();
        ImageBatch images = batch.images();
        TrainingBatchCheck.require(spec, height, width, batch);
        if (images.count() == 0) {
            return TrainingBatchCheck.emptyResult(spec);
        }
        if (bodyFrozen) {
            return HeadOnlyStep.result(spec, parameters, batch, features(parameters, images));
        }
        EagerResNet network = network(images, true);
        network.load(parameters);
        EagerResNet.Gradients result = network.gradients(images.pixels(), batch.softTargets(), images.count());
        return new GradientResult(result.meanLoss(), images.count(), result.gradients(), result.logits());
    }

    @Override
    public float[] logits(ParameterVersion parameters, ImageBatch images) {
        return images.count() == 0 ? new float[0]
                : forwardNetwork(parameters, images).logits(images.pixels(), images.count());
    }

    @Override
    public float[] features(ParameterVersion parameters, ImageBatch images) {
        return images.count() == 0 ? new float[0]
                : forwardNetwork(parameters, images).features(images.pixels(), images.count());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            networks.values().forEach(EagerResNet::release);
            networks.clear();
        }
    }

    /**
     * The network for the images' size that holds their count (and trains, if asked); a smaller
     * one is replaced (it keeps training if it trained).
     */
    private EagerResNet network(ImageBatch images, boolean trains) {
        List<Integer> size = List.of(images.height(), images.width());
        EagerResNet current = networks.get(size);
        if (current != null && current.capacity() >= images.count() && (current.trains() || !trains)) {
            return current;
        }
        int capacity = images.count();
        boolean training = trains;
        if (current != null) {
            capacity = Math.max(capacity, current.capacity());
            training |= current.trains();
            current.release();
        }
        EagerResNet network = new EagerResNet(spec, images.height(), images.width(), capacity, training, oneDnn);
        networks.put(size, network);
        return network;
    }

    /** The network that runs these images forward, with {@code parameters} loaded. */
    private EagerResNet forwardNetwork(ParameterVersion parameters, ImageBatch images) {
        requireOpen();
        EagerResNet network = network(images, false);
        network.load(parameters);
        return network;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the gradient engine is closed");
        }
    }
}
