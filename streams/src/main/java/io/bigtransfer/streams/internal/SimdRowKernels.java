package io.bigtransfer.streams.internal;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on 8-float vectors of the JDK's Vector API: eight bytes widened to eight
 * floats per step for the blend, and a gather (one load of eight scattered floats) per step for
 * the interpolation. The tails run the scalar loops' exact operations. Loaded by name only where
 * the incubator module is present.
 */
final class SimdRowKernels extends RowKernels {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_64;
    private static final int LANES = FLOATS.length();

    SimdRowKernels() {
        // Narrower hardware would run these vectors in slow software emulation.
        if (FloatVector.SPECIES_PREFERRED.length() < LANES) {
            throw new UnsupportedOperationException("this CPU has " + FloatVector.SPECIES_PREFERRED.vectorBitSize()
                    + "-bit float vectors, and the Vector API kernels need 256");
        }
    }

    @Override
    void blendRows(byte[] px, int upper, int lower, float weight, float[] into, int length) {
        FloatVector w = FloatVector.broadcast(FLOATS, weight);
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector a = unsignedFloats(px, upper + i);
            FloatVector b = unsignedFloats(px, lower + i);
            b.sub(a).mul(w).add(a).intoArray(into, i);
        }
        for (; i < length; i++) {
            float a = px[upper + i] & 0xFF;
            float b = px[lower + i] & 0xFF;
            into[i] = a + (b - a) * weight;
        }
    }

    private static FloatVector unsignedFloats(byte[] px, int from) {
        IntVector widened = (IntVector) ByteVector.fromArray(BYTES, px, from).convertShape(VectorOperators.B2I, INTS, 0);
        return (FloatVector) widened.lanewise(VectorOperators.AND, 0xFF).convert(VectorOperators.I2F, 0);
    }

    @Override
    void gatherRow(float[] row, int[] left, int[] right, float[] weight, float[] scale, float[] bias, float[] out,
                   int offset) {
        int length = left.length;
        int i = 0;
        for (; i <= length - LANES; i += LANES) {
            FloatVector a = FloatVector.fromArray(FLOATS, row, 0, left, i);
            FloatVector b = FloatVector.fromArray(FLOATS, row, 0, right, i);
            b.sub(a).mul(FloatVector.fromArray(FLOATS, weight, i)).add(a)
                    .mul(FloatVector.fromArray(FLOATS, scale, i)).add(FloatVector.fromArray(FLOATS, bias, i))
                    .intoArray(out, offset + i);
        }
        for (; i < length; i++) {
            float a = row[left[i]];
            float b = row[right[i]];
            out[offset + i] = (a + (b - a) * weight[i]) * scale[i] + bias[i];
        }
    }

    @Override
    public String toString() {
        return "Vector API, " + LANES + " floats";
    }
}
