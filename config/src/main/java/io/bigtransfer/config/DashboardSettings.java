package io.bigtransfer.config;

import com.typesafe.config.Config;

/** {@code bit.dashboard}: where the daemon serves its web dashboard. */
public record DashboardSettings(String host, int port) {

    public static DashboardSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.dashboard");
        String host = reader.string("host").strip();
        if (host.isEmpty()) {
            throw new SettingsException("bit.dashboard.host must be an address to bind, but is empty.");
        }
        int port = reader.nonNegativeInt("port");
        if (port > 65535) {
            throw new SettingsException("bit.dashboard.port must be a port number from 0 to 65535, but is " + port + ".");
        }
        return new DashboardSettings(host, port);
    }
}
