package io.bigtransfer.model.internal.eager;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8-float vectors the engine's SIMD loops run on, and the check that this CPU runs them in
 * hardware. Only those loops use it: it links against the incubator module.
 */
final class Simd256 {
    static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    static final int LANES = FLOATS.length();

    private Simd256() {
    }

    /** Refuses narrower hardware, which would run these vectors in slow software emulation. */
    static void requireHardware() {
        if (FloatVector.SPECIES_PREFERRED.length() < LANES) {
            throw new UnsupportedOperationException("this CPU has " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
                    + "-bit float vectors, and the Vector API kernels need 256");
        }
    }
}
