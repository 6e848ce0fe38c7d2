package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.internal.FloatArrays;
import io.bigtransfer.model.internal.GradientPass;
import io.bigtransfer.model.internal.HeadOnlyStep;
import io.bigtransfer.model.internal.LoadedGraph;
import io.bigtransfer.model.internal.ResNetV2Graph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradient engine on ND4J SameDiff, float32. Training runs at one input size, fixed at
 * construction; {@link #logits} accepts any size and builds (and keeps) one more graph per other
 * size it meets. Gradients, loss and the training batch's logits come from one run of the gradient
 * function. An empty batch yields zero gradients and a loss of 0. One thread at a time, best always
 * the same thread: SameDiff keeps its reusable arrays per calling thread.
 *
 * <p>For linear probing ({@link #linearProbe}) the body is frozen: a step is a forward pass to the
 * features and the head's gradient computed from them directly ({@link HeadOnlyStep}); every body
 * parameter gets a zero gradient, and no backward graph is built at all.
 */
public final class SameDiffGradientEngine implements GradientEngine {
    private final ModelSpec spec;
    private final LoadedGraph training;
    /** Absent for linear probing. */
    private final GradientPass gradientPass;
    /** Graphs by input size [height, width]; the training graph serves its own size. */
    private final Map<List<Integer>, LoadedGraph> inference = new HashMap<>();
    private boolean closed;

    public SameDiffGradientEngine(ModelSpec spec, int height, int width) {
        this(spec, height, width, false);
    }

    private SameDiffGradientEngine(ModelSpec spec, int height, int width, boolean bodyFrozen) {
        this.spec = spec;
        ResNetV2Graph graph = ResNetV2Graph.build(spec, height, width, DataType.FLOAT);
        training = new LoadedGraph(graph);
        gradientPass = bodyFrozen ? null : new GradientPass(graph);
        inference.put(List.of(height, width), training);
    }

    /** An engine that trains only the head: the gradients of all other parameters are zero. */
    public static SameDiffGradientEngine linearProbe(ModelSpec spec, int height, int width) {
        return new SameDiffGradientEngine(spec, height, width, true);
    }

    @Override
    public GradientResult gradients(ParameterVersion parameters, TrainingBatch batch) {
        requireOpen();
        ImageBatch images = batch.images();
        TrainingBatchCheck.require(spec, training.graph().height(), training.graph().width(), batch);
        if (images.count() == 0) {
            return TrainingBatchCheck.emptyResult(spec);
        }
        if (gradientPass == null) {
            return HeadOnlyStep.result(spec, parameters, batch, features(parameters, images));
        }
        training.load(parameters);
        INDArray targets = Nd4j.create(batch.softTargets(), new long[] {images.count(), spec.classes()},
                DataType.FLOAT);
        GradientPass.Result result = gradientPass.run(pixels(images), targets);
        List<NamedBuffer> gradients = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) ->
                gradients.add(new NamedBuffer(name, shape, training.rawGradient(name, result.gradients().get(name)))));
        return new GradientResult(result.loss().getDouble(0), images.count(), NamedBuffers.of(gradients),
                FloatArrays.copyOf(result.logits()));
    }

    @Override
    public float[] logits(ParameterVersion parameters, ImageBatch images) {
        return forward(parameters, images, ResNetV2Graph.LOGITS);
    }

    @Override
    public float[] features(ParameterVersion parameters, ImageBatch images) {
        return forward(parameters, images, ResNetV2Graph.PRE_LOGITS);
    }

    private float[] forward(ParameterVersion parameters, ImageBatch images, String output) {
        requireOpen();
        if (images.count() == 0) {
            return new float[0];
        }
        LoadedGraph loaded = inference.computeIfAbsent(List.of(images.height(), images.width()),
                size -> new LoadedGraph(ResNetV2Graph.build(spec, size.get(0), size.get(1), DataType.FLOAT)));
        loaded.load(parameters);
        Map<String, INDArray> out = loaded.graph().sameDiff().output(Map.of(ResNetV2Graph.INPUT, pixels(images)), output);
        return FloatArrays.copyOf(out.get(output));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            inference.values().forEach(LoadedGraph::release);
            inference.clear();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the gradient engine is closed");
        }
    }

    private static INDArray pixels(ImageBatch images) {
        return Nd4j.create(images.pixels(),
                new long[] {images.count(), images.height(), images.width(), ImageBatch.CHANNELS}, DataType.FLOAT);
    }
}
