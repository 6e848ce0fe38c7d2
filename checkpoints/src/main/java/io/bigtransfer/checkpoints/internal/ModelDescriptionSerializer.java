package io.bigtransfer.checkpoints.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.checkpoints.ModelDescription;

/** Units per block, width factor, group count and class count, in that order. */
public final class ModelDescriptionSerializer extends Serializer<ModelDescription> {

    public ModelDescriptionSerializer() {
        super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, ModelDescription model) {
        int[] units = model.units();
        output.writeVarInt(units.length, true);
        output.writeInts(units, 0, units.length, true);
        output.writeDouble(model.width());
        output.writeVarInt(model.groups(), true);
        output.writeVarInt(model.classes(), true);
    }

    @Override
    public ModelDescription read(Kryo kryo, Input input, Class<? extends ModelDescription> type) {
        int blocks = input.readVarInt(true);
        int[] units = input.readInts(blocks, true);
        double width = input.readDouble();
        int groups = input.readVarInt(true);
        int classes = input.readVarInt(true);
        return new ModelDescription(units, width, groups, classes);
    }
}
