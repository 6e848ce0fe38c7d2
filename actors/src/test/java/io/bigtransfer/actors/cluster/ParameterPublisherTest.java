package io.bigtransfer.actors.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.remote.TestSecrets;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parameter versions on the bulk channel, and their flat layout, as a worker node reads them back. */
class ParameterPublisherTest {
    private static ActorSystem<Void> coordinatorSide;
    private static ActorSystem<Void> nodeSide;
    private static TensorChannel publishing;
    private static TensorChannel fetching;

    @BeforeAll
    static void start() {
        coordinatorSide = ActorSystem.create(Behaviors.empty(), "coordinator-side");
        nodeSide = ActorSystem.create(Behaviors.empty(), "node-side");
        publishing = TensorChannel.start(coordinatorSide, TestSecrets.tls("publisher test"), "127.0.0.1", 0);
        fetching = TensorChannel.start(nodeSide, TestSecrets.tls("publisher test"), "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        publishing.close();
        fetching.close();
        ActorTestKit.shutdown(coordinatorSide);
        ActorTestKit.shutdown(nodeSide);
    }

    private static Map<String, int[]> shapes() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("resnet/root_block/standardized_conv2d/kernel", new int[] {1, 1, 2, 3});
        shapes.put("resnet/head/conv2d/bias", new int[] {2});
        return shapes;
    }

    private static ParameterVersion version(long version) {
        return new ParameterVersion(version, NamedBuffers.of(List.of(
                new NamedBuffer("resnet/root_block/standardized_conv2d/kernel", new int[] {1, 1, 2, 3},
                        new float[] {1, 2, 3, 4, 5, version}),
                new NamedBuffer("resnet/head/conv2d/bias", new int[] {2}, new float[] {-1, -version}))));
    }

    private static float[] fetch(TensorRef ref) throws Exception {
        return fetching.fetch(ref).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void eachVersionIsPublishedOnceAndTheTwoNewestStayFetchable() throws Exception {
        try (ParameterPublisher publisher = new ParameterPublisher(publishing)) {
            TensorRef first = publisher.publish(version(1));
            assertSame(first, publisher.publish(version(1)), "one publication serves every node");
            NamedBuffers read = FlatTensors.unflatten(shapes(), fetch(first));
            assertEquals(List.copyOf(shapes().keySet()), read.names());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 1}, read.get("resnet/root_block/standardized_conv2d/kernel").data());
            assertArrayEquals(new int[] {1, 1, 2, 3}, read.get("resnet/root_block/standardized_conv2d/kernel").shape());
            assertArrayEquals(new float[] {-1, -1}, read.get("resnet/head/conv2d/bias").data());

            TensorRef second = publisher.publish(version(2));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 1, -1, -1}, fetch(first), "a node still on version 1 gets it");
            publisher.publish(version(3));
            ExecutionException gone = assertThrows(ExecutionException.class, () -> fetch(first));
            assertTrue(gone.getCause().getMessage().contains("tensor " + first.id()), gone.getCause().getMessage());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 2, -1, -2}, fetch(second));
        }
    }

    @Test
    void anArrayThatDoesNotFitTheNetworkIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlatTensors.unflatten(shapes(), new float[7]));
        assertEquals("an array of 7 values does not fit a network of 8 values", e.getMessage());
    }
}
