package io.bigtransfer.checkpoints.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.checkpoints.PixelNormalization;

/** Name, channel count, then the means and the standard deviations. */
public final class PixelNormalizationSerializer extends Serializer<PixelNormalization> {

    public PixelNormalizationSerializer() {
        super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, PixelNormalization normalization) {
        float[] mean = normalization.mean();
        float[] std = normalization.std();
        output.writeString(normalization.name());
        output.writeVarInt(mean.length, true);
        output.writeFloats(mean, 0, mean.length);
        output.writeFloats(std, 0, std.length);
    }

    @Override
    public PixelNormalization read(Kryo kryo, Input input, Class<? extends PixelNormalization> type) {
        String name = input.readString();
        int channels = input.readVarInt(true);
        float[] mean = input.readFloats(channels);
        float[] std = input.readFloats(channels);
        return new PixelNormalization(name, mean, std);
    }
}
