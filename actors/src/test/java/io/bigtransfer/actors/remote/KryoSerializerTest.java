package io.bigtransfer.actors.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.io.Output;
import io.bigtransfer.config.ClusterSettings;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KryoSerializerTest {
    enum Phase { QUEUED, RUNNING }

    record Status(String job, Phase phase, List<String> workers, Optional<Double> loss, float[] weights,
            ActorRef<Status> replyTo) implements RemoteMessage {
    }

    record Unregistered(String text) implements RemoteMessage {
    }

    record HoldsUnregistered(Unregistered inner) implements RemoteMessage {
    }

    record NotRemote(String text) implements java.io.Serializable {
    }

    static final MessageRegistry MESSAGES = MessageRegistry.builder()
            .register(100, Status.class).register(101, Phase.class).register(102, HoldsUnregistered.class).build();

    private static ActorTestKit kit;
    private static Serialization serialization;

    @BeforeAll
    static void startSystem() {
        ClusterTls tls = ClusterTls.create(SecretIdentityTest.secret("s3cret"));
        kit = ActorTestKit.create(RemoteActorSystems.create(Behaviors.empty(),
                new ClusterSettings("127.0.0.1", 0, Path.of("unused")), tls, MESSAGES));
        serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    }

    @AfterAll
    static void stopSystem() {
        TestSystems.stop(kit.system());
    }

    private Status status() {
        return new Status("job-7", Phase.RUNNING, List.of("w1", "w2", "w3"), Optional.of(2.5),
                new float[] {1.5f, -0.25f}, kit.<Status>createTestProbe().ref());
    }

    @Test
    void remoteMessagesAreBoundToKryo() {
        assertInstanceOf(KryoSerializer.class, serialization.findSerializerFor(status()));
    }

    @Test
    void registeredMessagesRoundTripThroughBytesAndBuffers() throws NotSerializableException {
        Status sent = status();
        KryoSerializer serializer = (KryoSerializer) serialization.findSerializerFor(sent);
        assertSameStatus(sent, (Status) serializer.fromBinary(serializer.toBinary(sent), ""));

        ByteBuffer buffer = ByteBuffer.allocate(4096);
        buffer.position(17);
        serializer.toBinary(sent, buffer);
        assertEquals(17 + serializer.toBinary(sent).length, buffer.position());
        buffer.flip().position(17);
        assertSameStatus(sent, (Status) serializer.fromBinary(buffer, ""));
        assertEquals(buffer.limit(), buffer.position());
    }

    @Test
    void anUnregisteredMessageOrFieldIsRefusedOnSending() {
        Throwable top = serialization.serialize(new Unregistered("x")).failed().get();
        assertTrue(top.getMessage().startsWith(Unregistered.class.getName() + " cannot be sent to another process: "
                + "Class is not registered: " + Unregistered.class.getName()), top.getMessage());
        Throwable nested = serialization.serialize(new HoldsUnregistered(new Unregistered("x"))).failed().get();
        assertEquals(HoldsUnregistered.class.getName() + " cannot be sent to another process: Class is not registered: "
                + Unregistered.class.getName(), nested.getMessage());
    }

    @Test
    void anUnknownIdIsRefusedOnReceiving() {
        Output output = new Output(64);
        output.writeVarInt(MessageRegistry.FIRST_ID + 57 + 2, true);
        output.writeString("anything");
        KryoSerializer serializer = (KryoSerializer) serialization.findSerializerFor(status());
        NotSerializableException refused = assertThrows(NotSerializableException.class,
                () -> serializer.fromBinary(output.toBytes(), ""));
        assertEquals("a remote message could not be read: Encountered unregistered class ID: 157", refused.getMessage());
    }

    @Test
    void javaSerializationIsSwitchedOff() {
        assertTrue(serialization.serialize(new NotRemote("x")).isFailure());
    }

    @Test
    void idsAreFixedAndUnique() {
        assertThrows(IllegalArgumentException.class, () -> MessageRegistry.builder().register(99, Unregistered.class));
        assertEquals("message id 100 is given to both " + Status.class.getName() + " and " + Unregistered.class.getName() + ".",
                assertThrows(IllegalArgumentException.class, () -> MessageRegistry.builder()
                        .registerAll(MESSAGES).register(100, Unregistered.class)).getMessage());
        assertEquals(Status.class.getName() + " is registered under two message ids.",
                assertThrows(IllegalArgumentException.class, () -> MessageRegistry.builder()
                        .registerAll(MESSAGES).register(200, Status.class)).getMessage());
        assertEquals(Map.of(100, Status.class, 101, Phase.class, 102, HoldsUnregistered.class, 103, Unregistered.class),
                MessageRegistry.builder().registerAll(MESSAGES).register(103, Unregistered.class).build().types());
    }

    private static void assertSameStatus(Status sent, Status received) {
        assertEquals(sent.job(), received.job());
        assertEquals(sent.phase(), received.phase());
        assertEquals(sent.workers(), received.workers());
        assertEquals(sent.loss(), received.loss());
        assertArrayEquals(sent.weights(), received.weights());
        assertEquals(sent.replyTo(), received.replyTo());
        assertEquals(ActorRefResolver.get(kit.system()).toSerializationFormat(sent.replyTo()),
                ActorRefResolver.get(kit.system()).toSerializationFormat(received.replyTo()));
    }
}
