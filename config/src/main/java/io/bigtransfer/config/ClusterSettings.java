package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code bit.cluster}: the address a node binds and is reached at, the file holding the shared
 * secret that admits daemons, workers and consoles (DESIGN.md), and whether the bulk tensor
 * channel encrypts.
 */
public record ClusterSettings(String host, int port, Path secretFile, BulkEncryption bulkEncryption) {
    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    /** With the bulk channel's default, TLS. */
    public ClusterSettings(String host, int port, Path secretFile) {
        this(host, port, secretFile, BulkEncryption.TLS);
    }

    public static ClusterSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.cluster");
        String host = reader.string("host").strip();
        if (host.isEmpty() || WILDCARD_HOSTS.contains(host)) {
            throw new SettingsException("bit.cluster.host must be an address other nodes can connect to, but is '"
                    + host + "'.");
        }
        int port = reader.nonNegativeInt("port");
        if (port > 65535) {
            throw new SettingsException("bit.cluster.port must be a port number from 0 to 65535, but is " + port + ".");
        }
        Path secretFile = reader.optionalString("secret-file").map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".bit", "secret"));
        return new ClusterSettings(host, port, secretFile, reader.choice("bulk-encryption", BulkEncryption.class));
    }
}
