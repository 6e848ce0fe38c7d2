package io.bigtransfer.model.internal.eager;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.internal.HeadGradient;
import io.bigtransfer.model.internal.ParallelTasks;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A ResNet-v2 (GN + WS, DESIGN.md's "BiT facts") for one input size, run op by op without a graph:
 * every activation, and when it trains every gradient, is allocated once for up to {@link #capacity}
 * images and reused. Convolutions run in oneDNN, called directly (or in ND4J's native ops); group
 * norm + ReLU, the root's pooling, the global pool and the head run in Java. Float32, NHWC throughout.
 */
public final class EagerResNet {
    private final ModelSpec spec;
    private final int capacity;
    private final Activation input;
    private final SpatialConv rootConv;
    private final Activation rootOutput;
    private final RootPool rootPool;
    private final Activation pooled;
    private final List<BottleneckUnit> units = new ArrayList<>();
    /** Every convolution's kernel: standardized on load and carried back on export, one task each. */
    private final List<StandardizedKernel> kernels = new ArrayList<>();
    private final GroupNormReluLayer finalNorm;
    private final Activation finalOutput;
    /**
     * Gradients, null unless the network trains; the input's only for ND4J's convolution op, which
     * writes it (oneDNN skips it).
     */
    private final Activation inputGradient;
    private final Activation rootOutputGradient;
    private final Activation pooledGradient;
    private final Activation finalOutputGradient;
    private final List<Activation> owned = new ArrayList<>();
    private ParameterVersion loaded;
    private float[] headKernel;
    private float[] headBias;

    /**
     * With {@code trains} false, a network that only runs forward and holds no gradients. With
     * {@code oneDnn}, the convolutions call oneDNN directly where it loaded; else ND4J's ops.
     */
    public EagerResNet(ModelSpec spec, int height, int width, int capacity, boolean trains, boolean oneDnn) {
        if (height < 1 || width < 1 || capacity < 1) {
            throw new IllegalArgumentException("input size and capacity must be positive, not " + height + "x" + width
                    + " for " + capacity + " images");
        }
        this.spec = spec;
        this.capacity = capacity;
        Map<String, int[]> shapes = spec.parameterShapes();
        int groups = spec.groups();
        boolean direct = oneDnn && Dnnl.available();
        input = own(height, width, 3);
        rootOutput = own((height + 1) / 2, (width + 1) / 2, spec.rootWidth());
        inputGradient = trains && !direct ? own(height, width, 3) : null;
        rootOutputGradient = trains ? own(rootOutput.height, rootOutput.width, rootOutput.channels) : null;
        StandardizedKernel rootKernel = new StandardizedKernel(ModelSpec.ROOT_KERNEL,
                shapes.get(ModelSpec.ROOT_KERNEL));
        rootConv = new SpatialConv(rootKernel, 2, 3, input, rootOutput, rootOutputGradient, inputGradient, false,
                direct);
        pooled = own((rootOutput.height + 1) / 2, (rootOutput.width + 1) / 2, spec.rootWidth());
        rootPool = new RootPool(rootOutput, pooled, capacity);
        Activation x = pooled;
        for (int block = 1; block <= ModelSpec.BLOCKS; block++) {
            for (int unit = 1; unit <= spec.units()[block - 1]; unit++) {
                int stride = unit == 1 ? ModelSpec.blockStride(block) : 1;
                BottleneckUnit next = new BottleneckUnit(ModelSpec.unitPrefix(block, unit), shapes, x, stride, groups,
                        capacity, trains, direct);
                units.add(next);
                x = next.output;
            }
        }
        kernels.add(rootConv.kernel);
        units.forEach(unit -> kernels.addAll(unit.kernels()));
        finalNorm = new GroupNormReluLayer("resnet/", x, groups, capacity);
        finalOutput = own(x.height, x.width, x.channels);
        pooledGradient = trains ? own(pooled.height, pooled.width, pooled.channels) : null;
        finalOutputGradient = trains ? own(x.height, x.width, x.channels) : null;
    }

    public int capacity() {
        return capacity;
    }

    public boolean trains() {
        return rootOutputGradient != null;
    }

    /** Takes the parameters of {@code version} unless that very version is loaded already. */
    public void load(ParameterVersion version) {
        if (loaded != null && loaded.version() == version.version() && loaded.parameters() == version.parameters()) {
            return;
        }
        NamedBuffers parameters = version.parameters();
        ParallelTasks.forEach(kernels.size(), k -> kernels.get(k).load(parameters.get(kernels.get(k).name).data()));
        for (BottleneckUnit unit : units) {
            unit.loadNorms(parameters);
        }
        finalNorm.load(parameters);
        headKernel = parameters.get(ModelSpec.HEAD_KERNEL).data();
        headBias = parameters.get(ModelSpec.HEAD_BIAS).data();
        loaded = version;
    }

    /** The pre-logit features [count, D] of {@code count} images of NHWC pixels. */
    public float[] features(float[] pixels, int count) {
        requireCapacity(count);
        input.data.put(0, pixels, 0, count * input.imageSize());
        rootConv.forward(count);
        ParallelTasks.forEach(count, rootPool::forward);
        for (BottleneckUnit unit : units) {
            unit.forward(count);
        }
        finalNorm.forward(units.get(units.size() - 1).output, finalOutput, count);
        return globalPool(count);
    }

    /** The logits [count, classes]. */
    public float[] logits(float[] pixels, int count) {
        return HeadGradient.logits(features(pixels, count), count, spec.featureWidth(), headKernel, headBias,
                spec.classes());
    }

    /** Loss, logits and every parameter's gradient (in {@link ModelSpec#parameterShapes()} order) of one batch. */
    public Gradients gradients(float[] pixels, float[] targets, int count) {
        if (!trains()) {
            throw new IllegalStateException("this network runs forward only");
        }
        float[] features = features(pixels, count);
        HeadGradient.Result head = HeadGradient.compute(features, count, spec.featureWidth(), headKernel, headBias,
                targets, spec.classes());
        spreadOverPixels(head.featureGradient(), count);
        Activation last = units.get(units.size() - 1).output;
        finalNorm.backward(finalOutputGradient, last, units.get(units.size() - 1).outputGradient, null, count);
        for (int i = units.size() - 1; i >= 0; i--) {
            units.get(i).backward(i == 0 ? pooledGradient : units.get(i - 1).outputGradient, count);
        }
        ParallelTasks.forEach(count, image -> rootPool.backward(pooledGradient, rootOutputGradient, image));
        rootConv.backward(count);

        float[][] kernelGradients = new float[kernels.size()][];
        ParallelTasks.forEach(kernels.size(), k -> kernelGradients[k] = kernels.get(k).rawGradient());
        Map<String, float[]> byName = new HashMap<>();
        for (int k = 0; k < kernels.size(); k++) {
            byName.put(kernels.get(k).name, kernelGradients[k]);
        }
        for (BottleneckUnit unit : units) {
            unit.collectNormGradients(byName);
        }
        byName.put(finalNorm.gammaName, finalNorm.gammaGradient());
        byName.put(finalNorm.betaName, finalNorm.betaGradient());
        byName.put(ModelSpec.HEAD_KERNEL, head.kernelGradient());
        byName.put(ModelSpec.HEAD_BIAS, head.biasGradient());
        List<NamedBuffer> gradients = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) -> gradients.add(new NamedBuffer(name, shape, byName.get(name))));
        return new Gradients(head.meanLoss(), head.logits(), NamedBuffers.of(gradients));
    }

    /** Mean loss, logits [count, classes] and the mean gradients. */
    public record Gradients(double meanLoss, float[] logits, NamedBuffers gradients) {
    }

    /** Frees every array and oneDNN object now; arrays would otherwise wait for garbage collection. */
    public void release() {
        owned.forEach(Activation::release);
        rootConv.release();
        units.forEach(BottleneckUnit::release);
        kernels.forEach(StandardizedKernel::release);
    }

    private void requireCapacity(int count) {
        if (count < 1 || count > capacity) {
            throw new IllegalArgumentException("this network holds 1 to " + capacity + " images, not " + count);
        }
        if (loaded == null) {
            throw new IllegalStateException("no parameters are loaded");
        }
    }

    /** The mean over the pixels of the final activation, per image and channel, in float64. */
    private float[] globalPool(int count) {
        int depth = finalOutput.channels;
        int pixels = finalOutput.pixels();
        float[] features = new float[count * depth];
        FloatBuffer data = finalOutput.data;
        ParallelTasks.forEach(count, image -> {
            double[] sums = new double[depth];
            for (int p = 0, i = image * finalOutput.imageSize(); p < pixels; p++) {
                for (int c = 0; c < depth; c++, i++) {
                    sums[c] += data.get(i);
                }
            }
            for (int c = 0; c < depth; c++) {
                features[image * depth + c] = (float) (sums[c] / pixels);
            }
        });
        return features;
    }

    /** The global pool's backward pass: each pixel gets its image's feature gradient over the pixel count. */
    private void spreadOverPixels(float[] featureGradient, int count) {
        int depth = finalOutputGradient.channels;
        int pixels = finalOutputGradient.pixels();
        FloatBuffer data = finalOutputGradient.data;
        ParallelTasks.forEach(count, image -> {
            for (int p = 0, i = image * finalOutputGradient.imageSize(); p < pixels; p++) {
                for (int c = 0; c < depth; c++, i++) {
                    data.put(i, featureGradient[image * depth + c] / pixels);
                }
            }
        });
    }

    private Activation own(int h, int w, int channels) {
        Activation activation = new Activation(capacity, h, w, channels);
        owned.add(activation);
        return activation;
    }
}
