package io.bigtransfer.actors.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.ClusterSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

class RemoteActorSystemsTest {

    @Test
    void theDefaultsBindTheDaemonPortOnLoopbackOverTlsWithoutJavaSerialization() {
        Config config = RemoteActorSystems.config(ClusterSettings.create(BitConfig.load(Optional.empty(), List.of())));
        assertEquals("127.0.0.1", config.getString("pekko.remote.artery.canonical.hostname"));
        assertEquals(2552, config.getInt("pekko.remote.artery.canonical.port"));
        assertEquals("tls-tcp", config.getString("pekko.remote.artery.transport"));
        assertEquals(false, config.getBoolean("pekko.actor.allow-java-serialization"));
        assertEquals("bit-kryo", config.getString("pekko.actor.serialization-bindings.\"" + RemoteMessage.class.getName() + "\""));
    }

    @Test
    void aSystemListensWhereTheSettingsSayAndTakesOverrides() {
        ActorSystem<Void> system = RemoteActorSystems.create(Behaviors.empty(),
                new ClusterSettings("127.0.0.1", 0, Path.of("unused")), ClusterTls.create(SecretIdentityTest.secret("s3cret")),
                MessageRegistry.builder().build(),
                ConfigFactory.parseString("pekko.remote.artery.advanced.maximum-frame-size = 1 MiB"));
        try {
            String address = system.address().toString();
            assertTrue(address.matches("pekko://bit@127\\.0\\.0\\.1:[1-9][0-9]*"), address);
            assertEquals(1 << 20, system.settings().config().getBytes("pekko.remote.artery.advanced.maximum-frame-size"));
            assertEquals("tls-tcp", system.settings().config().getString("pekko.remote.artery.transport"));
        } finally {
            TestSystems.stop(system);
        }
    }
}
