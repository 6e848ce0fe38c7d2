package io.bigtransfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardSettingsTest {

    private static DashboardSettings settings(String... overrides) {
        return DashboardSettings.create(BitConfig.load(Optional.empty(), List.of(overrides)));
    }

    @Test
    void defaultsServeOnLoopback() {
        assertEquals(new DashboardSettings("127.0.0.1", 8552), settings());
    }

    @Test
    void everyKeyCanBeSet() {
        assertEquals(new DashboardSettings("0.0.0.0", 0), settings("bit.dashboard.host=0.0.0.0", "bit.dashboard.port=0"));
    }

    @Test
    void emptyHostsAndImpossiblePortsAreRefused() {
        assertEquals("bit.dashboard.host must be an address to bind, but is empty.",
                assertThrows(SettingsException.class, () -> settings("bit.dashboard.host=\"\"")).getMessage());
        assertEquals("bit.dashboard.port must be a port number from 0 to 65535, but is 70000.",
                assertThrows(SettingsException.class, () -> settings("bit.dashboard.port=70000")).getMessage());
        assertEquals("unknown setting bit.dashboard.prot; did you mean bit.dashboard.port?",
                assertThrows(SettingsException.class, () -> settings("bit.dashboard.prot=1")).getMessage());
    }
}
