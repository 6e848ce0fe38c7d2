package io.bigtransfer.actors.remote;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import io.bigtransfer.config.ClusterSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node with the shared secret receives from a node with the same secret and from nobody else: not
 * from a node with another secret, a bare Pekko node, a raw socket or a TLS client without the
 * secret's certificate; each refusal is logged.
 */
class RemoteSecurityTest {
    record Ping(String text, ActorRef<Pong> replyTo) implements RemoteMessage {
    }

    record Pong(String text) implements RemoteMessage {
    }

    private static final MessageRegistry MESSAGES = MessageRegistry.builder()
            .register(100, Ping.class).register(101, Pong.class).build();
    private static final ClusterSettings ANY_PORT = new ClusterSettings("127.0.0.1", 0, Path.of("unused"));
    private static final Duration NOTHING_ARRIVES = Duration.ofSeconds(3);
    private static final Duration REFUSAL_LOGGED = Duration.ofSeconds(15);

    private static ClusterTls tls;
    private static ActorTestKit server;
    private static TestProbe<Object> inbox;
    private static String inboxPath;
    private static int serverPort;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void startServer() {
        tls = ClusterTls.create(SecretIdentityTest.secret("the cluster's secret"));
        server = ActorTestKit.create(RemoteActorSystems.create(Behaviors.empty(), ANY_PORT, tls, MESSAGES));
        inbox = server.createTestProbe();
        inboxPath = ActorRefResolver.get(server.system()).toSerializationFormat(inbox.ref());
        serverPort = server.system().address().getPort().get();
    }

    @AfterAll
    static void stopServer() {
        TestSystems.stop(server.system());
    }

    @BeforeEach
    void captureRefusals() {
        log.start();
        refusalLogger().addAppender(log);
    }

    @AfterEach
    void stopCapturing() {
        refusalLogger().detachAppender(log);
    }

    @Test
    void aNodeWithTheSecretIsHeardAndAnswered() {
        ActorTestKit client = ActorTestKit.create(RemoteActorSystems.create(Behaviors.empty(), ANY_PORT, tls, MESSAGES));
        try {
            TestProbe<Pong> answers = client.createTestProbe();
            ActorRef<Object> remoteInbox = ActorRefResolver.get(client.system()).resolveActorRef(inboxPath);
            remoteInbox.tell(new Ping("hello", answers.ref()));
            Ping ping = inbox.expectMessageClass(Ping.class, Duration.ofSeconds(20));
            ping.replyTo().tell(new Pong("hello back"));
            answers.expectMessage(Duration.ofSeconds(20), new Pong("hello back"));
        } finally {
            TestSystems.stop(client.system());
        }
    }

    @Test
    void aNodeWithAnotherSecretGetsNothingDelivered() {
        ClusterTls otherSecret = ClusterTls.create(SecretIdentityTest.secret("a guess"));
        ActorTestKit intruder = ActorTestKit.create(
                RemoteActorSystems.create(Behaviors.empty(), ANY_PORT, otherSecret, MESSAGES));
        try {
            sendFrom(intruder.system(), new Ping("let me in", intruder.<Pong>createTestProbe().ref()));
            inbox.expectNoMessage(NOTHING_ARRIVES);
            awaitInboundRefusal("certificate_unknown");
        } finally {
            TestSystems.stop(intruder.system());
        }
    }

    @Test
    void aBarePekkoNodeGetsNothingDelivered() {
        ActorSystem<Void> bare = ActorSystem.create(Behaviors.empty(), RemoteActorSystems.SYSTEM_NAME, ConfigFactory.parseString(
                "pekko.actor.provider = cluster\n"
                        + "pekko.actor.allow-java-serialization = on\n"
                        + "pekko.remote.artery.canonical { hostname = 127.0.0.1, port = 0 }\n"
                        + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on\n")
                .withFallback(ConfigFactory.load()));
        try {
            sendFrom(bare, "let me in");
            inbox.expectNoMessage(NOTHING_ARRIVES);
            awaitInboundRefusal("SSL message");
        } finally {
            TestSystems.stop(bare);
        }
    }

    @Test
    void garbageOnARawSocketGetsNothingDelivered() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", serverPort); OutputStream out = socket.getOutputStream()) {
            byte[] garbage = new byte[4096];
            new SecureRandom().nextBytes(garbage);
            out.write("PEKK\u0001".getBytes(StandardCharsets.US_ASCII));
            out.write(garbage);
            out.flush();
            inbox.expectNoMessage(NOTHING_ARRIVES);
        }
        awaitInboundRefusal("SSL message");
    }

    @Test
    void aTlsClientThatTrustsAnyServerButHasNoCertificateIsRefused() throws Exception {
        SSLContext trustingAnything = SSLContext.getInstance("TLSv1.3");
        trustingAnything.init(null, new TrustManager[] {new TrustingAnything()}, new SecureRandom());
        try (SSLSocket socket = (SSLSocket) trustingAnything.getSocketFactory().createSocket("127.0.0.1", serverPort)) {
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[1024]);
                    out.flush();
                    socket.getInputStream().read();
                }
            });
        }
        inbox.expectNoMessage(NOTHING_ARRIVES);
        awaitInboundRefusal("certificate");
    }

    private static void sendFrom(ActorSystem<?> sender, Object message) {
        ActorRefResolver.get(sender).<Object>resolveActorRef(inboxPath).tell(message);
    }

    /** The JDK words the reason; the test only checks that it names the kind of failure. */
    private void awaitInboundRefusal(String reasonFragment) {
        String refusal = "refused a connection to bit@127.0.0.1:" + serverPort + " from a process without the shared secret (";
        inbox.awaitAssert(REFUSAL_LOGGED, () -> {
            List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(refusal) && line.contains(reasonFragment)),
                    "expected '" + refusal + "...' naming '" + reasonFragment + "' among " + lines);
            return null;
        });
    }

    private static Logger refusalLogger() {
        return (Logger) LoggerFactory.getLogger(SecretSslEngineProvider.class);
    }

    /** What an intruder's TLS client would do: accept whatever certificate the server shows. */
    private static final class TrustingAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
