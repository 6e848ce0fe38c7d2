package io.bigtransfer.streams.internal;

import java.lang.reflect.InvocationTargetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two inner loops of the bilinear crop, which take most of its time. {@link #blendRows}
 * blends two rows of u8 values into floats; {@link #gatherRow} interpolates each output value
 * between two values of such a row and normalizes it. Every implementation computes the same
 * float operations in the same order (a + (b - a) * w, then v * scale + bias, each rounded, never
 * fused), so they give the same bits and a run does not depend on which one a machine uses.
 */
abstract class RowKernels {
    private static final Logger LOG = LoggerFactory.getLogger(RowKernels.class);
    private static final RowKernels SCALAR = new Scalar();
    private static final RowKernels FASTEST = loadFastest();

    /**
     * into[i] = a + (b - a) * weight for i < length, with a = px[upper + i] and b = px[lower + i]
     * read as unsigned bytes.
     */
    abstract void blendRows(byte[] px, int upper, int lower, float weight, float[] into, int length);

    /**
     * out[offset + i] = (a + (b - a) * weight[i]) * scale[i] + bias[i] for every i of {@code left},
     * with a = row[left[i]] and b = row[right[i]].
     */
    abstract void gatherRow(float[] row, int[] left, int[] right, float[] weight, float[] scale, float[] bias,
                            float[] out, int offset);

    /** The plain Java loops: every JVM has them. */
    static RowKernels scalar() {
        return SCALAR;
    }

    /**
     * SIMD loops through the JDK's Vector API where this JVM was started with
     * {@code --add-modules jdk.incubator.vector} (bin/bit and the tests do) and has 256-bit float
     * vectors (AVX2); else {@link #scalar()}.
     */
    static RowKernels fastest() {
        return FASTEST;
    }

    private static RowKernels loadFastest() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.debug("jdk.incubator.vector is not in this JVM, so the bilinear crop runs scalar loops");
            return SCALAR;
        }
        try {
            // By name: the class links against the incubator module, which only exists when added.
            return (RowKernels) Class.forName(RowKernels.class.getPackageName() + ".SimdRowKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            LOG.info("The bilinear crop runs scalar loops: {}", e.getCause().getMessage());
            return SCALAR;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("The bilinear crop runs scalar loops: the Vector API kernels could not start ({})", e.toString());
            return SCALAR;
        }
    }

    private static final class Scalar extends RowKernels {
        @Override
        void blendRows(byte[] px, int upper, int lower, float weight, float[] into, int length) {
            for (int i = 0; i < length; i++) {
                float a = px[upper + i] & 0xFF;
                float b = px[lower + i] & 0xFF;
                into[i] = a + (b - a) * weight;
            }
        }

        @Override
        void gatherRow(float[] row, int[] left, int[] right, float[] weight, float[] scale, float[] bias, float[] out,
                       int offset) {
            for (int i = 0; i < left.length; i++) {
                float a = row[left[i]];
                float b = row[right[i]];
                out[offset + i] = (a + (b - a) * weight[i]) * scale[i] + bias[i];
            }
        }

        @Override
        public String toString() {
            return "scalar";
        }
    }
}
