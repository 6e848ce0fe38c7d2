package io.bigtransfer.model.internal.eager;

import java.lang.reflect.InvocationTargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the Vector API implementation of a set of inner loops where this JVM was started with
 * {@code --add-modules jdk.incubator.vector} (bin/bit and the tests do) and the implementation's
 * constructor accepts the CPU; else the plain Java one. The SIMD class is loaded by name: it links
 * against the incubator module, which only exists when added.
 */
final class VectorLoops {
    private static final Logger LOG = LoggerFactory.getLogger(VectorLoops.class);

    private VectorLoops() {
    }

    /**
     * @param simdClass the SIMD implementation's simple name, in this package
     * @param what      what the loops compute, for the log ("group norm")
     */
    static <T> T fastest(Class<T> type, String simdClass, T scalar, String what) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.debug("jdk.incubator.vector is not in this JVM, so {} runs scalar loops", what);
            return scalar;
        }
        try {
            return type.cast(Class.forName(VectorLoops.class.getPackageName() + "." + simdClass)
                    .getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            LOG.info("{} runs scalar loops: {}", what, e.getCause().getMessage());
            return scalar;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("{} runs scalar loops: the Vector API kernels could not start ({})", what, e.toString());
            return scalar;
        }
    }
}
