package io.bigtransfer.actors.remote.bulk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.TestSecrets;
import io.bigtransfer.config.BulkEncryption;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * {@code bit.cluster.bulk-encryption = none}: tensors arrive exactly, but only after the peer has
 * proved the shared secret on that very connection; a peer without it, or in the other mode, gets
 * no tensor byte and a sentence that says why, and the server logs it.
 */
class TensorChannelWithoutEncryptionTest {
    private static final String SECRET = "the cluster's secret";
    private static final float MARKER = 1234.5f;
    private static final int MARKED_FLOATS = 250_000;
    private static final long PATIENCE_MILLIS = TimeUnit.SECONDS.toMillis(15);

    private static ClusterTls tls;
    private static ActorSystem<Void> serverSystem;
    private static ActorSystem<Void> clientSystem;
    private static TensorChannel server;
    private static TensorChannel client;
    private static TensorRef marked;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() {
        tls = TestSecrets.tls(SECRET);
        serverSystem = ActorSystem.create(Behaviors.empty(), "plain-server");
        clientSystem = ActorSystem.create(Behaviors.empty(), "plain-client");
        server = TensorChannel.start(serverSystem, tls, "127.0.0.1", 0, BulkEncryption.NONE);
        client = TensorChannel.start(clientSystem, tls, "127.0.0.1", 0, BulkEncryption.NONE);
        float[] values = new float[MARKED_FLOATS];
        Arrays.fill(values, MARKER);
        marked = server.publish(values);
    }

    @AfterAll
    static void stop() {
        server.close();
        client.close();
        ActorTestKit.shutdown(serverSystem);
        ActorTestKit.shutdown(clientSystem);
    }

    @BeforeEach
    void captureRefusals() {
        log.start();
        logger().addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        logger().detachAppender(log);
    }

    @Test
    void arraysArriveBitForBit() throws Exception {
        for (int length : new int[] {5_000_000, 0, 1, 3, TensorFrames.CHUNK_BYTES / Float.BYTES + 1}) {
            float[] values = TensorChannelTest.randomBits(length, length);
            TensorRef ref = server.publish(values);
            float[] fetched = client.fetch(ref).toCompletableFuture().get(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            assertEquals(length, fetched.length);
            for (int i = 0; i < length; i++) {
                if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(fetched[i])) {
                    fail("float " + i + " of " + length + " differs");
                }
            }
            server.release(ref);
        }
    }

    @Test
    void anUnknownIdFailsNamingTheRef() {
        TensorRef ref = server.publish(new float[10]);
        server.release(ref);
        assertEquals(TensorChannel.unknown(ref), TensorChannelTest.failure(client.fetch(ref)).getMessage());
    }

    @Test
    void aChannelWithAnotherSecretIsRefusedAndLogged() throws Exception {
        ActorSystem<Void> intruderSystem = ActorSystem.create(Behaviors.empty(), "plain-intruder");
        try (TensorChannel intruder = TensorChannel.start(intruderSystem, TestSecrets.tls("a guess"), "127.0.0.1", 0,
                BulkEncryption.NONE)) {
            assertEquals(prefix(marked) + "the peer closed the connection without accepting this node's proof, so it "
                    + "does not hold this node's shared secret.", TensorChannelTest.failure(intruder.fetch(marked))
                    .getMessage());
            awaitWarning("which does not hold the shared secret (its proof does not match)");
        } finally {
            ActorTestKit.shutdown(intruderSystem);
        }
    }

    @Test
    void aSocketWithoutAValidProofGetsOnlyTheChallenge() throws Exception {
        ByteString request = TensorFrames.request(marked);
        byte[] guessedProof = new byte[BulkAuthentication.PROOF_BYTES];
        byte[] sent = BulkAuthentication.opening(BulkAuthentication.nonce())
                .concat(ByteString.fromArrayUnsafe(guessedProof)).concat(request).toArray();
        assertOnlyTheChallenge(exchange(sent));
        awaitWarning("which does not hold the shared secret (its proof does not match)");

        // A bare request, as a TLS channel's client would send it inside TLS.
        assertOnlyTheChallenge(exchange(request.toArray()));
        awaitWarning("which does not speak the bulk channel's protocol");

        try (Socket socket = connect()) {
            new DataInputStream(socket.getInputStream()).readFully(new byte[BulkAuthentication.OPENING_BYTES]);
        }
        awaitWarning("which closed the connection before it proved the shared secret");
    }

    /** The control for the test above: the same socket with a proof made from the secret gets the tensor. */
    @Test
    void aSocketWithAValidProofGetsTheTensorButCannotReplayTheProof() throws Exception {
        byte[] clientNonce = BulkAuthentication.nonce();
        ByteString request = TensorFrames.request(marked);
        byte[] replayed;
        try (Socket socket = connect()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] challenge = new byte[BulkAuthentication.OPENING_BYTES];
            in.readFully(challenge);
            byte[] serverNonce = Arrays.copyOfRange(challenge, Integer.BYTES, BulkAuthentication.OPENING_BYTES);
            replayed = BulkAuthentication.clientProof(tls.bulkAuthenticationKey(), serverNonce, clientNonce, request);
            OutputStream out = socket.getOutputStream();
            out.write(BulkAuthentication.opening(clientNonce).toArray());
            out.write(replayed);
            out.write(request.toArray());
            byte[] response = readUntilClosed(in);
            assertArrayEquals(BulkAuthentication.serverProof(tls.bulkAuthenticationKey(), serverNonce, clientNonce,
                    request), Arrays.copyOf(response, BulkAuthentication.PROOF_BYTES));
            assertEquals(BulkAuthentication.PROOF_BYTES + TensorFrames.HEADER_BYTES + MARKED_FLOATS * Float.BYTES,
                    response.length);
            assertTrue(indexOf(response, marker()) > 0);
        }
        byte[] sent = BulkAuthentication.opening(clientNonce)
                .concat(ByteString.fromArrayUnsafe(replayed)).concat(request).toArray();
        assertOnlyTheChallenge(exchange(sent));
    }

    @Test
    void aTlsChannelAndAChannelWithoutEncryptionNameTheMismatch() throws Exception {
        ActorSystem<Void> tlsSystem = ActorSystem.create(Behaviors.empty(), "tls-peer");
        try (TensorChannel tlsChannel = TensorChannel.start(tlsSystem, tls, "127.0.0.1", 0)) {
            assertEquals(prefix(marked) + "the peer's bulk channel does not encrypt (bit.cluster.bulk-encryption = "
                    + "none there, tls here), and every node of a cluster must use the same.",
                    TensorChannelTest.failure(tlsChannel.fetch(marked)).getMessage());
            awaitWarning("which uses TLS (bit.cluster.bulk-encryption = tls there, none here; every node of a cluster "
                    + "must use the same)");

            // A TLS peer closes the connection without a word (the JDK sends no alert for a plaintext
            // hello), or a TLS alert arrives first: either way the sentence names the mismatch.
            TensorRef encrypted = tlsChannel.publish(new float[] {MARKER});
            String message = TensorChannelTest.failure(client.fetch(encrypted)).getMessage();
            assertTrue(message.equals(prefix(encrypted) + "the peer closed the connection without answering as a bulk "
                    + "channel without encryption, so its bit.cluster.bulk-encryption is probably tls, and every node "
                    + "of a cluster must use the same.") || message.equals(prefix(encrypted) + "the peer's bulk "
                    + "channel uses TLS (bit.cluster.bulk-encryption = tls there, none here), and every node of a "
                    + "cluster must use the same."), message);
            awaitWarning("which does not encrypt (bit.cluster.bulk-encryption = none there, tls here; every node of a "
                    + "cluster must use the same)");
        } finally {
            ActorTestKit.shutdown(tlsSystem);
        }
    }

    private static String prefix(TensorRef ref) {
        return "tensor " + ref.id() + " (" + ref.length() + " floats) at 127.0.0.1:" + ref.port() + " cannot be fetched: ";
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) PATIENCE_MILLIS);
        return socket;
    }

    /** Sends {@code bytes} on a new connection and returns all the server sent until it closed the connection. */
    private static byte[] exchange(byte[] bytes) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return readUntilClosed(socket.getInputStream());
        }
    }

    private static void assertOnlyTheChallenge(byte[] received) {
        assertEquals(BulkAuthentication.OPENING_BYTES, received.length, "bytes after the challenge reached the socket");
        assertEquals(BulkAuthentication.MAGIC, ByteBuffer.wrap(received).getInt());
        assertEquals(-1, indexOf(received, marker()), "tensor bytes reached the socket");
    }

    /** Reads until the server closes the connection; a timeout fails the test, as the server must close it. */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // The server may reset the connection instead of closing it: closed either way.
        }
        return bytes.toByteArray();
    }

    private static byte[] marker() {
        return ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(MARKER).array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    /** Waits for "refused a bulk connection to SERVER from 127.0.0.1:PORT, WHY" from any of this test's servers. */
    private void awaitWarning(String why) throws InterruptedException {
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < deadline) {
            synchronized (log) {
                lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
            if (lines.stream().anyMatch(line -> line.matches("refused a bulk connection to 127\\.0\\.0\\.1:\\d+ from "
                    + "127\\.0\\.0\\.1:\\d+, .*") && line.endsWith(", " + why))) {
                synchronized (log) {
                    log.list.clear();
                }
                return;
            }
            Thread.sleep(50);
        }
        fail("expected a refusal ending '" + why + "' among " + lines);
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(TensorChannel.class);
    }
}
