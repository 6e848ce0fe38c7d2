package io.bigtransfer.checkpoints.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class CheckpointKryoTest {

    @Test
    void refusesToWriteAnUnregisteredClass() {
        Kryo kryo = CheckpointKryo.create();
        Output output = new Output(256);

        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> kryo.writeClassAndObject(output, new ArrayList<String>()));
        assertTrue(refusal.getMessage().contains("not registered"), refusal.getMessage());
    }

    @Test
    void refusesToReadAnUnregisteredClassId() {
        Output output = new Output(16);
        output.writeVarInt(9_999, true);

        assertThrows(KryoException.class,
                () -> CheckpointKryo.create().readClassAndObject(new Input(output.toBytes())));
    }
}
