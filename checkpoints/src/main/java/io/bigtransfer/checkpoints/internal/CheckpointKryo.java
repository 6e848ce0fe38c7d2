package io.bigtransfer.checkpoints.internal;

import com.esotericsoftware.kryo.Kryo;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.DataCursor;
import io.bigtransfer.checkpoints.ModelDescription;
import io.bigtransfer.checkpoints.PixelNormalization;

/**
 * The Kryo instance for checkpoint payloads. Registration is required, so a file can never make
 * the reader instantiate a class outside this list, and each class has a hand-written serializer,
 * so the bytes do not change when a field is renamed. Kryo is not thread-safe: one per use.
 */
public final class CheckpointKryo {
    // Explicit ids above Kryo's own defaults for primitives and String, fixed for format version 1.
    private static final int FIRST_ID = 100;

    private CheckpointKryo() {
    }

    public static Kryo create() {
        Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.register(CheckpointRecord.class, new CheckpointRecordSerializer(), FIRST_ID);
        kryo.register(ModelDescription.class, new ModelDescriptionSerializer(), FIRST_ID + 1);
        kryo.register(PixelNormalization.class, new PixelNormalizationSerializer(), FIRST_ID + 2);
        kryo.register(DataCursor.class, new DataCursorSerializer(), FIRST_ID + 3);
        kryo.register(NamedBuffers.class, new NamedBuffersSerializer(), FIRST_ID + 4);
        return kryo;
    }
}
