package io.bigtransfer.model.internal;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.ParameterVersion;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;

/**
 * A graph together with the parameter version its variables hold. Parameters are written into
 * the variables' existing arrays (never re-associated, so a gradient function built on the graph
 * sees them too), and only when the version number differs from the one loaded last.
 */
public final class LoadedGraph {
    private final ResNetV2Graph graph;
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
            FloatArrays.copyInto(buffer.data(), buffer.shape(), graph.parameter(name), name);
        }
        loaded = version;
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
