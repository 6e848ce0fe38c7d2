package io.bigtransfer.actors.remote.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bigtransfer.actors.remote.TestSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A process without the shared secret gets no byte of a published tensor, and the server logs the refusal. */
class TensorChannelSecurityTest {
    private static final float MARKER = 1234.5f;
    private static final long PATIENCE_MILLIS = TimeUnit.SECONDS.toMillis(15);

    private static ActorSystem<Void> serverSystem;
    private static TensorChannel server;
    private static TensorRef ref;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() {
        serverSystem = ActorSystem.create(Behaviors.empty(), "bulk-server");
        server = TensorChannel.start(serverSystem, TestSecrets.tls("the cluster's secret"), "127.0.0.1", 0);
        float[] values = new float[1_000_000];
        Arrays.fill(values, MARKER);
        ref = server.publish(values);
    }

    @AfterAll
    static void stop() {
        server.close();
        ActorTestKit.shutdown(serverSystem);
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
    void aChannelWithAnotherSecretCannotFetch() throws Exception {
        ActorSystem<Void> intruderSystem = ActorSystem.create(Behaviors.empty(), "bulk-intruder");
        try (TensorChannel intruder = TensorChannel.start(intruderSystem, TestSecrets.tls("a guess"), "127.0.0.1", 0)) {
            String message = TensorChannelTest.failure(intruder.fetch(ref)).getMessage();
            String expected = "tensor " + ref.id() + " (1000000 floats) at 127.0.0.1:" + server.port()
                    + " cannot be fetched: the TLS handshake failed, so the peer does not hold this node's shared secret (";
            assertTrue(message.startsWith(expected), message);
            awaitRefusal();
        } finally {
            ActorTestKit.shutdown(intruderSystem);
        }
    }

    @Test
    void aPlainSocketAskingForTheTensorGetsNoTensorBytes() throws Exception {
        byte[] received;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) PATIENCE_MILLIS);
            socket.getOutputStream().write(TensorFrames.request(ref).toArray());
            socket.getOutputStream().flush();
            received = readUntilClosed(socket.getInputStream());
        }
        // At most a TLS alert record (7 bytes) comes back before the server closes the connection.
        assertTrue(received.length <= 7, "the server sent " + received.length + " bytes to a plaintext client");
        byte[] marker = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).putFloat(MARKER).array();
        assertEquals(-1, indexOf(received, marker), "tensor bytes reached a plaintext client");
        awaitRefusal();
    }

    /** Reads until the server closes the connection; a timeout fails the test, as the server must close it. */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // The server may reset the connection instead of closing it: closed either way.
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private void awaitRefusal() throws InterruptedException {
        String refusal = "refused a bulk connection to 127.0.0.1:" + server.port() + " from 127.0.0.1:";
        long deadline = System.currentTimeMillis() + PATIENCE_MILLIS;
        List<String> lines = List.of();
        while (System.currentTimeMillis() < deadline) {
            synchronized (log) {
                lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            }
            if (lines.stream().anyMatch(line -> line.startsWith(refusal) && line.contains("does not hold the shared secret"))) {
                return;
            }
            Thread.sleep(50);
        }
        fail("expected '" + refusal + "...' among " + lines);
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(TensorChannel.class);
    }
}
