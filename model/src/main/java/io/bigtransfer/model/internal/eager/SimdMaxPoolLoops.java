package io.bigtransfer.model.internal.eager;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPoolLoops} on 8-lane vectors of the JDK's Vector API: a compare and two blends per
 * eight channels; the channels past the last multiple of eight run the scalar loops.
 * Loaded by name only where the incubator module is present.
 */
final class SimdMaxPoolLoops extends MaxPoolLoops {
    private static final VectorSpecies<Float> FLOATS = Simd256.FLOATS;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_256;
    private static final int LANES = Simd256.LANES;
    /** 0, 1, ..., 7: the lanes' offsets from the first channel of a vector. */
    private static final IntVector LANE_INDEX = IntVector.zero(INTS).addIndex(1);

    SimdMaxPoolLoops() {
        Simd256.requireHardware();
    }

    @Override
    void takeLarger(float[] values, int at, float[] max, int[] source, int to, int first, int channels) {
        int vectorChannels = channels - channels % LANES;
        for (int c = 0; c < vectorChannels; c += LANES) {
            FloatVector value = FloatVector.fromArray(FLOATS, values, at + c);
            FloatVector maximum = FloatVector.fromArray(FLOATS, max, to + c);
            VectorMask<Float> larger = value.compare(VectorOperators.GT, maximum);
            maximum.blend(value, larger).intoArray(max, to + c);
            IntVector.fromArray(INTS, source, to + c).blend(LANE_INDEX.add(first + c), larger.cast(INTS))
                    .intoArray(source, to + c);
        }
        scalar().takeLarger(values, at + vectorChannels, max, source, to + vectorChannels, first + vectorChannels,
                channels - vectorChannels);
    }

    @Override
    void takeZero(float[] max, int[] source, int to, int channels) {
        int vectorChannels = channels - channels % LANES;
        IntVector padded = IntVector.broadcast(INTS, -1);
        for (int c = 0; c < vectorChannels; c += LANES) {
            FloatVector maximum = FloatVector.fromArray(FLOATS, max, to + c);
            VectorMask<Float> larger = maximum.compare(VectorOperators.LT, 0f);
            maximum.blend(0f, larger).intoArray(max, to + c);
            IntVector.fromArray(INTS, source, to + c).blend(padded, larger.cast(INTS)).intoArray(source, to + c);
        }
        scalar().takeZero(max, source, to + vectorChannels, channels - vectorChannels);
    }
}
