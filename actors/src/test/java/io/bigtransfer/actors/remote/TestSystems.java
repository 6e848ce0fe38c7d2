package io.bigtransfer.actors.remote;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Stops a remote system without failing the test when it is slow to: Pekko 1.7's Artery waits without
 * a deadline for its streams at termination, and a TLS stream caught in a handshake can keep one open
 * (akka/akka-core#29162; Pekko bounds the wait only after 1.7.0).
 */
final class TestSystems {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private TestSystems() {
    }

    static void stop(ActorSystem<?> system) {
        ActorTestKit.shutdown(system, PATIENCE, false);
    }
}
