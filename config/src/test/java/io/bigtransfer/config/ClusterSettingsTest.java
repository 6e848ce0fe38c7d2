package io.bigtransfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {

    private static ClusterSettings settings(String... overrides) {
        return ClusterSettings.create(BitConfig.load(Optional.empty(), List.of(overrides)));
    }

    @Test
    void defaultsBindTheDaemonPortOnLoopbackWithTheSecretInTheHomeDirectory() {
        assertEquals(new ClusterSettings("127.0.0.1", 2552, Path.of(System.getProperty("user.home"), ".bit", "secret")),
                settings());
    }

    @Test
    void everyKeyCanBeSet() {
        assertEquals(new ClusterSettings("10.0.0.7", 0, Path.of("/etc/bit/secret"), BulkEncryption.NONE),
                settings("bit.cluster.host=10.0.0.7", "bit.cluster.port=0", "bit.cluster.secret-file=/etc/bit/secret",
                        "bit.cluster.bulk-encryption=none"));
    }

    @Test
    void theBulkChannelEncryptsUnlessToldOtherwise() {
        assertEquals(BulkEncryption.TLS, settings().bulkEncryption());
        assertEquals(BulkEncryption.TLS, settings("bit.cluster.bulk-encryption=tls").bulkEncryption());
    }

    @Test
    void anUnknownBulkEncryptionIsRefused() {
        assertEquals("bit.cluster.bulk-encryption must be one of tls, none, but is 'off'.",
                assertThrows(SettingsException.class, () -> settings("bit.cluster.bulk-encryption=off")).getMessage());
    }

    @Test
    void wildcardHostsAndImpossiblePortsAreRefused() {
        assertEquals("bit.cluster.host must be an address other nodes can connect to, but is '0.0.0.0'.",
                assertThrows(SettingsException.class, () -> settings("bit.cluster.host=0.0.0.0")).getMessage());
        assertEquals("bit.cluster.port must be a port number from 0 to 65535, but is 70000.",
                assertThrows(SettingsException.class, () -> settings("bit.cluster.port=70000")).getMessage());
        assertEquals("bit.cluster.port must be zero or a positive whole number, but is -1.",
                assertThrows(SettingsException.class, () -> settings("bit.cluster.port=-1")).getMessage());
    }
}
