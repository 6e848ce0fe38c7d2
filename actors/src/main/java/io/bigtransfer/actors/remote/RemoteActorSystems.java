package io.bigtransfer.actors.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.bigtransfer.config.ClusterSettings;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.remote.artery.tcp.SSLEngineProviderSetup;

/**
 * Actor systems that other processes reach over Artery TCP, admitting only holders of the shared
 * secret: TLS 1.3 with the secret-derived certificate on both sides ({@link ClusterTls}), Kryo for
 * {@link RemoteMessage}s, no Java serialization, bound to {@code bit.cluster.host:port}; a refused
 * handshake is logged. Every node's system has the same name, so an address is just
 * {@code pekko://bit@HOST:PORT}.
 */
public final class RemoteActorSystems {
    public static final String SYSTEM_NAME = "bit";

    private RemoteActorSystems() {
    }

    /**
     * A remote actor system running {@code guardian}. {@code overrides} (e.g. seed nodes, downing,
     * large-message destinations) win over this class's settings, which win over
     * {@code application.conf}.
     */
    public static <T> ActorSystem<T> create(Behavior<T> guardian, ClusterSettings settings, ClusterTls tls,
            MessageRegistry messages, Config overrides) {
        Config config = overrides.withFallback(config(settings)).withFallback(ConfigFactory.load());
        ActorSystemSetup setup = ActorSystemSetup.create(BootstrapSetup.create(config),
                SSLEngineProviderSetup.create(system -> new SecretSslEngineProvider(tls, system)), messages);
        return ActorSystem.create(guardian, SYSTEM_NAME, setup);
    }

    public static <T> ActorSystem<T> create(Behavior<T> guardian, ClusterSettings settings, ClusterTls tls,
            MessageRegistry messages) {
        return create(guardian, settings, tls, messages, ConfigFactory.empty());
    }

    /** This class's Pekko settings for {@code settings}; the secret is not among them. */
    public static Config config(ClusterSettings settings) {
        return ConfigFactory.parseResources(RemoteActorSystems.class, "remote.conf")
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(settings.host()))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(settings.port()))
                .resolve();
    }
}
