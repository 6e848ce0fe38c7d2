package io.bigtransfer.actors.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerProcessTest {
    @Test
    void thePolicyBinBitChoseIsTakenOutOfThePeersEnvironment() {
        Map<String, String> environment = new HashMap<>(Map.of("OMP_WAIT_POLICY", "passive",
                "BIT_DEFAULT_OMP_WAIT_POLICY", "passive", "HOME", "/root"));
        PeerProcess.restoreUserEnvironment(environment);
        assertEquals(Map.of("HOME", "/root"), environment);
        assertEquals("default", PeerProcess.ompWaitPolicy(environment));
    }

    @Test
    void aPolicyTheUserSetReachesThePeer() {
        Map<String, String> environment = new HashMap<>(Map.of("OMP_WAIT_POLICY", "active"));
        PeerProcess.restoreUserEnvironment(environment);
        assertEquals("active", PeerProcess.ompWaitPolicy(environment));
        // Set over an environment that carries the mark (bin/bit started from bin/bit, or the build).
        Map<String, String> marked = new HashMap<>(Map.of("OMP_WAIT_POLICY", "active",
                "BIT_DEFAULT_OMP_WAIT_POLICY", "passive"));
        PeerProcess.restoreUserEnvironment(marked);
        assertEquals(Map.of("OMP_WAIT_POLICY", "active"), marked);
    }

    @Test
    void thePeerProcessSeesTheEnvironmentItIsGiven() {
        // This JVM's environment, which the build sets as bin/bit does: the policy is ours, not the user's.
        String line = PeerProcess.lastLine("a shell", List.of("/bin/sh", "-c",
                "echo \"{\\\"policy\\\": \\\"${OMP_WAIT_POLICY:-default}\\\", \\\"mark\\\": \\\"${BIT_DEFAULT_OMP_WAIT_POLICY:-}\\\"}\""),
                unused -> { });
        assertEquals("passive", System.getenv("OMP_WAIT_POLICY"), "the build sets it (pom.xml)");
        assertEquals("{\"policy\": \"default\", \"mark\": \"\"}", line);
        assertEquals("default", PeerProcess.peerOmpWaitPolicy());
    }
}
