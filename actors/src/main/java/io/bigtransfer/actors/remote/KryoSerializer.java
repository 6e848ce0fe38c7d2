package io.bigtransfer.actors.remote;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.ByteBufferInput;
import com.esotericsoftware.kryo.io.ByteBufferOutput;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for {@link RemoteMessage}s: Kryo with registration required, the ids from the
 * actor system's {@link MessageRegistry}. Kryo writes the class id itself, so the manifest is empty.
 * Artery calls the {@link ByteBufferSerializer} methods, which write straight into its frame buffer.
 * Kryo instances are not thread-safe: each call borrows one from a pool.
 */
public final class KryoSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    /** Pekko's own serializers use ids up to 40. */
    public static final int IDENTIFIER = 7_241;
    private static final int POOLED_INSTANCES = 16;
    private static final int INITIAL_BUFFER = 256;

    private final Pool<Kryo> pool;

    public KryoSerializer(ExtendedActorSystem system) {
        MessageRegistry registry = system.settings().setup().get(MessageRegistry.class)
                .orElseGet(() -> MessageRegistry.builder().build());
        this.pool = new Pool<>(true, false, POOLED_INSTANCES) {
            @Override
            protected Kryo create() {
                return MessageKryo.create(registry, ActorRefResolver.get(Adapter.toTyped(system)));
            }
        };
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        return "";
    }

    @Override
    public byte[] toBinary(Object message) {
        Output output = new Output(INITIAL_BUFFER, -1);
        write(message, output);
        return output.toBytes();
    }

    @Override
    public void toBinary(Object message, ByteBuffer buffer) {
        write(message, new ByteBufferOutput(buffer));
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return read(new Input(bytes));
    }

    @Override
    public Object fromBinary(ByteBuffer buffer, String manifest) throws NotSerializableException {
        return read(new ByteBufferInput(buffer));
    }

    private void write(Object message, Output output) {
        Kryo kryo = pool.obtain();
        try {
            kryo.writeClassAndObject(output, message);
            output.flush();
        } catch (KryoException | IllegalArgumentException e) {
            throw new IllegalArgumentException(message.getClass().getName() + " cannot be sent to another process: "
                    + reason(e), e);
        } finally {
            pool.free(kryo);
        }
    }

    private Object read(Input input) throws NotSerializableException {
        Kryo kryo = pool.obtain();
        try {
            return kryo.readClassAndObject(input);
        } catch (KryoException | IllegalArgumentException e) {
            throw new NotSerializableException("a remote message could not be read: " + reason(e));
        } finally {
            pool.free(kryo);
        }
    }

    /** Kryo wraps the failure of a nested field and appends hints and a trace: the root's first line says it all. */
    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().lines().findFirst().orElse("");
    }
}
