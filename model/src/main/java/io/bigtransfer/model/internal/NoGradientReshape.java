package io.bigtransfer.model.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;

/**
 * ND4J's {@code reshape} through which no gradient flows back: its backward contributes nothing to
 * its input. It lets {@link GroupNormRelu} compute group norm's forward pass from SameDiff's basic
 * ops while the gradient comes from its own backward only. See {@link CustomGradientOps} for how a
 * Java op class with its own backward survives SameDiff's cloning.
 */
public final class NoGradientReshape extends Reshape {
    static final String NAME = "bit_reshape_no_gradient";

    static {
        CustomGradientOps.register(NAME, new NoGradientReshape());
    }

    /** For SameDiff's cloning (it instantiates op classes by name). */
    public NoGradientReshape() {
    }

    private NoGradientReshape(SameDiff sd, SDVariable input, long... shape) {
        super(sd, input, shape);
    }

    static SDVariable apply(SameDiff sd, SDVariable input, long... shape) {
        return new NoGradientReshape(sd, input, shape).outputVariable();
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
        return CustomGradientOps.nativeOp("reshape");
    }

    @Override
    public List<SDVariable> doDiff(List<SDVariable> gradients) {
        return List.of();
    }
}
