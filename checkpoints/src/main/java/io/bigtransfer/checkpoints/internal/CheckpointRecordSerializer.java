package io.bigtransfer.checkpoints.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.DataCursor;
import io.bigtransfer.checkpoints.ModelDescription;
import io.bigtransfer.checkpoints.PixelNormalization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload of format version 1: the record's fields in declaration order. Changing what is
 * written here means a new format version in {@code CheckpointFormat}.
 */
public final class CheckpointRecordSerializer extends Serializer<CheckpointRecord> {

    public CheckpointRecordSerializer() {
        super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, CheckpointRecord record) {
        kryo.writeObject(output, record.model());
        output.writeVarInt(record.classNames().size(), true);
        for (String name : record.classNames()) {
            output.writeString(name);
        }
        kryo.writeObject(output, record.normalization());
        output.writeVarInt(record.resolution(), true);
        kryo.writeObject(output, record.parameters());
        kryo.writeObject(output, record.momentum());
        output.writeVarLong(record.step(), true);
        kryo.writeObject(output, record.cursor());
        output.writeDouble(record.learningRateScale());
        output.writeString(record.resolvedConfig());
        output.writeVarInt(record.metrics().size(), true);
        record.metrics().forEach((name, value) -> {
            output.writeString(name);
            output.writeDouble(value);
        });
    }

    @Override
    public CheckpointRecord read(Kryo kryo, Input input, Class<? extends CheckpointRecord> type) {
        ModelDescription model = kryo.readObject(input, ModelDescription.class);
        int classCount = input.readVarInt(true);
        List<String> classNames = new ArrayList<>();
        for (int i = 0; i < classCount; i++) {
            classNames.add(input.readString());
        }
        PixelNormalization normalization = kryo.readObject(input, PixelNormalization.class);
        int resolution = input.readVarInt(true);
        NamedBuffers parameters = kryo.readObject(input, NamedBuffers.class);
        NamedBuffers momentum = kryo.readObject(input, NamedBuffers.class);
        long step = input.readVarLong(true);
        DataCursor cursor = kryo.readObject(input, DataCursor.class);
        double learningRateScale = input.readDouble();
        String resolvedConfig = input.readString();
        int metricCount = input.readVarInt(true);
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int i = 0; i < metricCount; i++) {
            metrics.put(input.readString(), input.readDouble());
        }
        return new CheckpointRecord(model, classNames, normalization, resolution, parameters, momentum,
                step, cursor, learningRateScale, resolvedConfig, metrics);
    }
}
