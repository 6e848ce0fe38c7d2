package io.bigtransfer.model.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loss, logits and every parameter's gradient of a {@link ResNetV2Graph} in one run of its
 * gradient function. Uses {@code createGradFunction} with the function's array cache enabled,
 * not {@code calculateGradients}, which switches array reuse off and allocates every
 * intermediate afresh on each step (STACK.md, bug 2). The graph's parameter arrays must be
 * written in place from now on, never re-associated, or the two graphs disagree.
 */
public final class GradientPass {
    private final ResNetV2Graph graph;
    private final SameDiff gradFunction;
    private final Map<String, String> gradientNames = new LinkedHashMap<>();
    private final String[] requested;

    public GradientPass(ResNetV2Graph graph) {
        this.graph = graph;
        SameDiff sd = graph.sameDiff();
        sd.createGradFunction();
        gradFunction = sd.getFunction("grad");
        gradFunction.setEnableCache(true);
        List<String> outputs = new ArrayList<>(List.of(ResNetV2Graph.LOSS, ResNetV2Graph.LOGITS));
        for (String name : graph.parameterNames()) {
            String gradient = sd.getVariable(name).getGradient().name();
            gradientNames.put(name, gradient);
            outputs.add(gradient);
        }
        requested = outputs.toArray(String[]::new);
    }

    /**
     * Runs forward and backward. The returned arrays may be reused by the next run: copy what
     * must outlive it.
     */
    public Result run(INDArray input, INDArray targets) {
        Map<String, INDArray> out = gradFunction.output(
                Map.of(ResNetV2Graph.INPUT, input, ResNetV2Graph.TARGETS, targets), requested);
        Map<String, INDArray> gradients = new LinkedHashMap<>();
        gradientNames.forEach((parameter, gradient) -> gradients.put(parameter, out.get(gradient)));
        return new Result(out.get(ResNetV2Graph.LOSS), out.get(ResNetV2Graph.LOGITS), gradients);
    }

    /** Loss (scalar), logits [n, classes] and gradients keyed by parameter name, in parameter order. */
    public record Result(INDArray loss, INDArray logits, Map<String, INDArray> gradients) {
    }
}
