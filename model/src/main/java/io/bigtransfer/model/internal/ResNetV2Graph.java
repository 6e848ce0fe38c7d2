package io.bigtransfer.model.internal;

import io.bigtransfer.model.ModelSpec;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The SameDiff graph of a ResNet-v2 (GN + WS) for one input size and data type, NHWC throughout,
 * exactly as DESIGN.md's "BiT facts" describe it. Placeholders: {@link #INPUT} [n, H, W, 3] and
 * {@link #TARGETS} [n, classes] (soft targets); outputs {@link #PRE_LOGITS}, {@link #LOGITS} and {@link #LOSS}, the
 * batch mean of {@code -sum_c t_c log_softmax(z)_c}. Weight decay is not part of the loss: the
 * optimizer adds it. Every parameter is a variable named as in {@link ModelSpec#parameterShapes()};
 * the kernel variables of standardized convolutions hold the kernels already standardized (see
 * {@link StandardizedConv}), and their gradients are gradients of the standardized kernels.
 */
public final class ResNetV2Graph {
    public static final String INPUT = "input";
    public static final String TARGETS = "targets";
    public static final String LOGITS = "logits";
    public static final String LOSS = "loss";
    /** The globally pooled features the head reads, [n, D]. */
    public static final String PRE_LOGITS = "pre_logits";

    private final SameDiff sd = SameDiff.create();
    private final ModelSpec spec;
    private final DataType dataType;
    private final int height;
    private final int width;
    private final Map<String, int[]> shapes;

    private ResNetV2Graph(ModelSpec spec, int height, int width, DataType dataType) {
        this.spec = spec;
        this.height = height;
        this.width = width;
        this.dataType = dataType;
        this.shapes = spec.parameterShapes();
    }

    public static ResNetV2Graph build(ModelSpec spec, int height, int width, DataType dataType) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("input size must be positive, not " + height + "x" + width);
        }
        ResNetV2Graph graph = new ResNetV2Graph(spec, height, width, dataType);
        graph.define();
        return graph;
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Parameter names in {@link ModelSpec#parameterShapes()} order. */
    public List<String> parameterNames() {
        return List.copyOf(shapes.keySet());
    }

    /**
     * The array SameDiff holds for a parameter (a standardized kernel for standardized
     * convolutions); write into it in place to change the parameter.
     */
    public INDArray parameter(String name) {
        if (!shapes.containsKey(name)) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return sd.getVariable(name).getArr();
    }

    /** Spatial size after the root block: the stride-2 conv, then the stride-2 pool, each rounding up. */
    public static int rootOutputSize(int size) {
        return halve(halve(size));
    }

    private static int halve(int size) {
        return (size + 1) / 2;
    }

    private void define() {
        SDVariable input = sd.placeHolder(INPUT, dataType, -1, height, width, 3);
        SDVariable targets = sd.placeHolder(TARGETS, dataType, -1, spec.classes());
        for (Map.Entry<String, int[]> entry : shapes.entrySet()) {
            sd.var(entry.getKey(), dataType, FloatArrays.toLong(entry.getValue()));
        }
        int h = rootOutputSize(height);
        int w = rootOutputSize(width);
        SDVariable x = root(input);
        for (int block = 1; block <= ModelSpec.BLOCKS; block++) {
            for (int unit = 1; unit <= spec.units()[block - 1]; unit++) {
                int stride = unit == 1 ? ModelSpec.blockStride(block) : 1;
                x = unit(x, ModelSpec.unitPrefix(block, unit), unit == 1, stride, h, w);
                if (stride == 2) {
                    h = halve(h);
                    w = halve(w);
                }
            }
        }
        SDVariable logits = head(x, h, w);
        SDVariable logProbabilities = sd.nn().logSoftmax(logits);
        sd.math().neg(targets.mul(logProbabilities).sum(1)).mean(LOSS);
        sd.setLossVariables(LOSS);
    }

    /** 7x7/2 conv with zero padding 3, then zero padding 1 and a 3x3/2 max pool without padding. */
    private SDVariable root(SDVariable input) {
        SDVariable conv = conv(input, ModelSpec.ROOT_KERNEL, 2, 3, height, width);
        INDArray padding = Nd4j.createFromArray(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}});
        SDVariable padded = sd.nn().pad(conv, sd.constant(padding), PadMode.CONSTANT, 0.0);
        Pooling2DConfig pool = Pooling2DConfig.builder()
                .kH(3).kW(3).sH(2).sW(2).pH(0).pW(0).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .isNHWC(true)
                .build();
        return sd.cnn().maxPooling2d(padded, pool);
    }

    /** Pre-activation bottleneck; h and w are the unit's input size. */
    private SDVariable unit(SDVariable x, String prefix, boolean projects, int stride, int h, int w) {
        int in = shapes.get(prefix + "a/standardized_conv2d/kernel")[2];
        int mid = shapes.get(prefix + "a/standardized_conv2d/kernel")[3];
        int outH = stride == 2 ? halve(h) : h;
        int outW = stride == 2 ? halve(w) : w;
        SDVariable pre = groupNormRelu(x, prefix + "a/", h, w, in);
        SDVariable shortcut = projects ? conv(pre, prefix + "a/proj/standardized_conv2d/kernel", stride, 0, h, w) : x;
        SDVariable a = conv(pre, prefix + "a/standardized_conv2d/kernel", 1, 0, h, w);
        SDVariable b = conv(groupNormRelu(a, prefix + "b/", h, w, mid), prefix + "b/standardized_conv2d/kernel",
                stride, 1, h, w);
        SDVariable c = conv(groupNormRelu(b, prefix + "c/", outH, outW, mid), prefix + "c/standardized_conv2d/kernel",
                1, 0, outH, outW);
        return c.add(shortcut);
    }

    /** Group norm, ReLU, global average pool, dense layer with bias (kernel stored as 1x1xDxC). */
    private SDVariable head(SDVariable x, int h, int w) {
        int features = spec.featureWidth();
        SDVariable pooled = groupNormRelu(x, "resnet/", h, w, features).mean(PRE_LOGITS, 1, 2);
        SDVariable kernel = param(ModelSpec.HEAD_KERNEL).reshape(features, spec.classes());
        return pooled.mmul(kernel).add(LOGITS, param(ModelSpec.HEAD_BIAS));
    }

    private SDVariable conv(SDVariable x, String kernel, int stride, int padding, int h, int w) {
        return StandardizedConv.apply(sd, x, param(kernel), shapes.get(kernel), stride, padding, h, w);
    }

    /** {@code relu(group_norm(x))}, with the hand-written backward of {@link GroupNormRelu}. */
    private SDVariable groupNormRelu(SDVariable x, String prefix, int h, int w, int channels) {
        return GroupNormRelu.apply(sd, x, param(prefix + "group_norm/gamma"), param(prefix + "group_norm/beta"),
                spec.groups(), h, w, channels);
    }

    private SDVariable param(String name) {
        return sd.getVariable(name);
    }
}
