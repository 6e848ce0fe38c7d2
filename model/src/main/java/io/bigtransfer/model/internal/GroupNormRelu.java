package io.bigtransfer.model.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * {@code relu(group_norm(x))} with a hand-written backward. The forward pass is
 * {@link GroupNorm#forward}'s ops (two-level statistics included) on inputs reshaped with
 * {@link NoGradientReshape}, followed by this op, which runs ND4J's native {@code relu} on it and
 * takes x, gamma, beta and the forward pass's intermediates as further inputs. Its {@code doDiff}
 * returns the analytic gradients of x, gamma and beta, so the basic ops' own backward ops are never
 * needed for any gradient and SameDiff never runs them.
 *
 * <p>Per (image, group), with {@code c = x - mean}, {@code r = 1/sqrt(var + eps)} (biased
 * variance), {@code xhat = c r} and {@code dy} the gradient of the group norm's output (the ReLU's
 * gradient masked where its output is 0), {@code g = gamma dy}:
 * <pre>
 *   dx     = r (g - mean(g) - xhat mean(g xhat)) = (r gamma) dy - r^3 mean(g c) c - r mean(g)
 *   dgamma = sum over n, H, W of dy xhat,  dbeta = sum over n, H, W of dy
 * </pre>
 * exact, epsilon included; the means are over (H, W, C/G), taken from per-channel sums over (H, W).
 */
public final class GroupNormRelu extends DynamicCustomOp {
    static final String NAME = "bit_group_norm_relu";

    static {
        CustomGradientOps.register(NAME, new GroupNormRelu());
    }

    /** For SameDiff's cloning (it instantiates op classes by name). */
    public GroupNormRelu() {
    }

    private GroupNormRelu(SameDiff sd, SDVariable[] inputs, long height, long width, long groups, long perGroup) {
        super(null, sd, inputs);
        addTArgument(0.0);
        addIArgument(height, width, groups, perGroup);
    }

    static SDVariable apply(SameDiff sd, SDVariable input, SDVariable gamma, SDVariable beta, int groups,
            long height, long width, long channels) {
        long perGroup = channels / groups;
        SDVariable gammaGrouped = NoGradientReshape.apply(sd, gamma, 1, 1, 1, groups, perGroup);
        GroupNorm.Forward forward = GroupNorm.forward(sd,
                NoGradientReshape.apply(sd, input, -1, height, width, groups, perGroup), gammaGrouped,
                NoGradientReshape.apply(sd, beta, channels), height, width, channels);
        SDVariable[] inputs = {forward.output(), input, gamma, beta, gammaGrouped, forward.centered(),
                forward.scale(), forward.inverse()};
        return new GroupNormRelu(sd, inputs, height, width, groups, perGroup).outputVariable();
    }

    @Override
    public String opName() {
        return NAME;
    }

    /** All of its configuration is in its integer and floating-point arguments, which cloning keeps. */
    @Override
    public Map<String, Object> propertiesForFunction() {
        return new LinkedHashMap<>();
    }

    @Override
    public int getNumOutputs() {
        return 1;
    }

    @Override
    public long opHash() {
        return getDescriptor().getHash();
    }

    @Override
    public CustomOpDescriptor getDescriptor() {
        return CustomGradientOps.nativeOp("relu");
    }

    @Override
    public List<DataType> calculateOutputDataTypes(List<DataType> dataTypes) {
        return List.of(dataTypes.get(0));
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        SameDiff sd = sameDiff;
        long height = iArguments.get(0);
        long width = iArguments.get(1);
        long groups = iArguments.get(2);
        long perGroup = iArguments.get(3);
        SDVariable[] in = args();
        SDVariable gammaGrouped = in[4];
        SDVariable centered = in[5];
        SDVariable scale = in[6];
        SDVariable inverse = in[7];
        SDVariable dz = gradients.get(0);
        // ReLU: the gradient passes where the output is positive (sign is 1 there, 0 at 0).
        SDVariable dy = dz.mul(sd.math().sign(outputVariable())).reshape(-1, height, width, groups, perGroup);
        SDVariable sumDy = dy.sum(true, 1, 2);
        SDVariable sumDyC = dy.mul(centered).sum(true, 1, 2);
        // [n, 1, 1, G, 1]: r mean(g) and r^3 mean(g c), the means as sums over C/G of per-channel sums.
        SDVariable perCount = inverse.div((double) height * width * perGroup);
        SDVariable shift = sumDy.mul(gammaGrouped).sum(true, 4).mul(perCount);
        SDVariable slope = sumDyC.mul(gammaGrouped).sum(true, 4).mul(perCount.mul(inverse).mul(inverse));
        SDVariable dx = dy.mul(scale).sub(centered.mul(slope).add(shift)).reshape(-1, height, width, groups * perGroup);
        SDVariable dgamma = sumDyC.mul(inverse).sum(0, 1, 2).reshape(groups * perGroup);
        SDVariable dbeta = sumDy.sum(0, 1, 2).reshape(groups * perGroup);
        // The basic ops' backward gets a gradient too (SameDiff requires one), but nothing uses it.
        return List.of(sd.identity(dz), dx, dgamma, dbeta);
    }
}
