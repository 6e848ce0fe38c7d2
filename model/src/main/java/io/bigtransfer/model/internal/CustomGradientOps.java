package io.bigtransfer.model.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.imports.converters.ImportClassMapping;
import org.nd4j.linalg.api.ops.CustomOpDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How an op with a backward of our own lives in ND4J 1.0.0-M2.1's SameDiff. SameDiff builds the
 * backward graph from each op's {@code doDiff}, so a subclass of an op class that overrides
 * {@code doDiff} changes the gradient. But {@code createGradFunction} first copies the graph by
 * serializing every op and instantiating it again from its {@code opName()} (FlatBuffersMapper's
 * {@code cloneViaSerialize}, DifferentialFunctionClassHolder's lookup): under a native op's name the
 * copy would be the stock class with the stock backward. So such an op has a name of its own,
 * registered here in ND4J's name-to-op map (which the lookup consults for names no native op has),
 * and runs the native op it extends through {@code opHash()}, which is all the native executioner
 * uses to find it.
 */
final class CustomGradientOps {
    private static final Map<String, CustomOpDescriptor> NATIVE = new ConcurrentHashMap<>();

    private CustomGradientOps() {
    }

    static synchronized void register(String name, DifferentialFunction prototype) {
        ImportClassMapping.getOpNameMapping().putIfAbsent(name, prototype);
    }

    /** The native op named {@code nativeName}: its descriptor holds the hash the executioner finds it by. */
    static CustomOpDescriptor nativeOp(String nativeName) {
        return NATIVE.computeIfAbsent(nativeName, name -> {
            CustomOpDescriptor descriptor = Nd4j.getExecutioner().getCustomOperations().get(name);
            if (descriptor == null) {
                throw new IllegalStateException("ND4J has no native op named " + name);
            }
            return descriptor;
        });
    }
}
