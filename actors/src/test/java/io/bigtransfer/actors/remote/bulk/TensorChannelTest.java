package io.bigtransfer.actors.remote.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.TestSecrets;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two channels in two actor systems, over TLS with the same secret: what arrives, and how fetches fail. */
class TensorChannelTest {
    private static final int TWENTY_MEGABYTES = 5_000_000;
    private static final long PATIENCE_SECONDS = 30;

    private static ClusterTls tls;
    private static ActorSystem<Void> systemA;
    private static ActorSystem<Void> systemB;
    private static TensorChannel a;
    private static TensorChannel b;

    @BeforeAll
    static void start() {
        tls = TestSecrets.tls("the bulk channel's secret");
        systemA = ActorSystem.create(Behaviors.empty(), "bulk-a");
        systemB = ActorSystem.create(Behaviors.empty(), "bulk-b");
        a = TensorChannel.start(systemA, tls, "127.0.0.1", 0);
        b = TensorChannel.start(systemB, tls, "127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        ActorTestKit.shutdown(systemA);
        ActorTestKit.shutdown(systemB);
    }

    @Test
    void aTwentyMegabyteArrayArrivesBitForBit() throws Exception {
        float[] values = randomBits(TWENTY_MEGABYTES, 1);
        TensorRef ref = a.publish(values);
        float[] fetched = await(b.fetch(ref));
        assertNotSame(values, fetched);
        assertSameBits(values, fetched);
        a.release(ref);
    }

    @Test
    void anEmptyArrayAndOneShorterThanAChunkArrive() throws Exception {
        for (int length : new int[] {0, 1, 3, TensorFrames.CHUNK_BYTES / Float.BYTES + 1}) {
            float[] values = randomBits(length, length);
            TensorRef ref = a.publish(values);
            assertSameBits(values, await(b.fetch(ref)));
            a.release(ref);
        }
    }

    @Test
    void aLocalFetchReturnsThePublishedArrayItself() throws Exception {
        float[] values = randomBits(1000, 2);
        TensorRef ref = a.publish(values);
        assertSame(values, await(a.fetch(ref)));
    }

    @Test
    void anUnknownIdFailsNamingTheRef() throws Exception {
        TensorRef ref = a.publish(new float[10]);
        a.release(ref);
        String expected = "tensor " + ref.id() + " (10 floats) at 127.0.0.1:" + a.port()
                + " cannot be fetched: no tensor with that id is published there (never published, or already released).";
        assertEquals(expected, failure(b.fetch(ref)).getMessage());
        assertEquals(expected, failure(a.fetch(ref)).getMessage());
    }

    @Test
    void aRefWithAnotherLengthIsRefused() throws Exception {
        TensorRef ref = a.publish(new float[10]);
        TensorRef wrong = new TensorRef(ref.host(), ref.port(), ref.id(), 11);
        assertEquals("tensor " + ref.id() + " (11 floats) at 127.0.0.1:" + a.port() + " cannot be fetched: the peer "
                + "serves that id with 10 floats, so the ref is not for that array.", failure(b.fetch(wrong)).getMessage());
        a.release(ref);
    }

    @Test
    void aStoppedPeerIsUnreachable() throws Exception {
        ActorSystem<Void> systemC = ActorSystem.create(Behaviors.empty(), "bulk-c");
        try {
            TensorChannel c = TensorChannel.start(systemC, tls, "127.0.0.1", 0);
            TensorRef ref = c.publish(new float[10]);
            c.close();
            String message = failure(b.fetch(ref)).getMessage();
            assertStartsWith("tensor " + ref.id() + " (10 floats) at 127.0.0.1:" + ref.port()
                    + " cannot be fetched: the peer is unreachable (", message);
        } finally {
            ActorTestKit.shutdown(systemC);
        }
    }

    /** A real TLS server holding the secret that sends the header and 1000 bytes, then closes cleanly. */
    @Test
    void aResponseThatEndsEarlyIsAShortRead() throws Exception {
        int length = 1_000_000;
        try (SSLServerSocket server = (SSLServerSocket) tls.sslContext().getServerSocketFactory().createServerSocket(0)) {
            server.setNeedClientAuth(true);
            server.setEnabledProtocols(new String[] {"TLSv1.3"});
            Thread peer = new Thread(() -> answerShort(server, length));
            peer.start();
            TensorRef ref = new TensorRef("127.0.0.1", server.getLocalPort(), 7, length);
            assertEquals("tensor 7 (1000000 floats) at 127.0.0.1:" + server.getLocalPort() + " cannot be fetched: the "
                    + "peer ended the connection after 1008 of 4000008 bytes.", failure(b.fetch(ref)).getMessage());
            peer.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
        }
    }

    private static void answerShort(SSLServerSocket server, int length) {
        try (SSLSocket socket = (SSLSocket) server.accept()) {
            new DataInputStream(socket.getInputStream()).readFully(new byte[TensorFrames.REQUEST_BYTES]);
            OutputStream out = socket.getOutputStream();
            out.write(TensorFrames.header(TensorFrames.FOUND, length).toArray());
            out.write(new byte[1000]);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] randomBits(int length, long seed) {
        Random random = new Random(seed);
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt());
        }
        return values;
    }

    /** Bit patterns, NaN payloads included: the channel must not canonicalize anything. */
    private static void assertSameBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "float " + i);
            }
        }
    }

    private static void assertStartsWith(String prefix, String message) {
        assertEquals(prefix, message.substring(0, Math.min(prefix.length(), message.length())), message);
    }

    private static float[] await(CompletionStage<float[]> fetch) throws Exception {
        return fetch.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    }

    static TensorFetchException failure(CompletionStage<float[]> fetch) {
        ExecutionException thrown = assertThrows(ExecutionException.class,
                () -> fetch.toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS));
        return assertInstanceOf(TensorFetchException.class, thrown.getCause());
    }
}
