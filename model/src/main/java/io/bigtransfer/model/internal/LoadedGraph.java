package io.bigtransfer.model.internal;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.ParameterVersion;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph together with the parameter version its variables hold. Parameters are written into
 * the variables' existing arrays (never re-associated, so a gradient function built on the graph
 * sees them too), and only when the version number differs from the one loaded last. Kernels of
 * standardized convolutions are written standardized ({@link WeightStandardization}); what the
 * backward pass needs of that is kept here, so {@link #rawGradient} can finish the chain rule.
 */
public final class LoadedGraph {
    private final ResNetV2Graph graph;
    /** Per standardized kernel: each output filter's 1 / sqrt(var + eps) for the loaded version. */
    private final Map<String, double[]> inverseStd = new HashMap<>();
    private ParameterVersion loaded;

    public LoadedGraph(ResNetV2Graph graph) {
        this.graph = graph;
    }

    public ResNetV2Graph graph() {
        return graph;
    }

    /**
     * Copies the parameters of {@code version} into the graph unless that very version is loaded:
     * same number and same buffers (published versions are never written, so they need no copy).
     */
    public void load(ParameterVersion version) {
        if (loaded != null && loaded.version() == version.version() && loaded.parameters() == version.parameters()) {
            return;
        }
        for (String name : graph.parameterNames()) {
            NamedBuffer buffer = version.parameters().get(name);
            if (WeightStandardization.standardizes(name)) {
                int out = buffer.shape()[buffer.shape().length - 1];
                inverseStd.put(name, WeightStandardization.forward(buffer.data(), out,
                        FloatArrays.writableBuffer(graph.parameter(name), buffer.shape(), name)));
            } else {
                FloatArrays.copyInto(buffer.data(), buffer.shape(), graph.parameter(name), name);
            }
        }
        loaded = version;
    }

    /**
     * A new row-major copy of the gradient of parameter {@code name}, given the graph's gradient
     * for its variable: for a standardized kernel, carried back through the standardization of the
     * version loaded last.
     */
    public float[] rawGradient(String name, INDArray graphGradient) {
        if (!WeightStandardization.standardizes(name)) {
            return FloatArrays.copyOf(graphGradient);
        }
        INDArray standardized = graph.parameter(name);
        return WeightStandardization.backward(FloatArrays.readableBuffer(graphGradient),
                FloatArrays.readableBuffer(standardized), inverseStd.get(name), (int) standardized.length());
    }

    /** Frees the arrays the graph's sessions (and those of its functions) keep for reuse. */
    public void release() {
        SameDiff sd = graph.sameDiff();
        SameDiff grad = sd.getFunction("grad");
        closeSessions(sd);
        if (grad != null) {
            closeSessions(grad);
        }
    }

    private static void closeSessions(SameDiff sd) {
        for (InferenceSession session : sd.getSessions().values()) {
            session.getMmgr().close();
        }
        sd.getSessions().clear();
    }
}
