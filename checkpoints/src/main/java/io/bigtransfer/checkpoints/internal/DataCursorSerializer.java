package io.bigtransfer.checkpoints.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.checkpoints.DataCursor;

/** Epoch, then position. */
public final class DataCursorSerializer extends Serializer<DataCursor> {

    public DataCursorSerializer() {
        super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, DataCursor cursor) {
        output.writeVarLong(cursor.epoch(), true);
        output.writeVarLong(cursor.position(), true);
    }

    @Override
    public DataCursor read(Kryo kryo, Input input, Class<? extends DataCursor> type) {
        return new DataCursor(input.readVarLong(true), input.readVarLong(true));
    }
}
