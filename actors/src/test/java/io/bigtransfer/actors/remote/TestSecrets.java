package io.bigtransfer.actors.remote;

import java.nio.file.Path;
import java.util.Map;

/** TLS for a given secret text, for tests outside this package (the environment's BIT_SECRET plays no part). */
public final class TestSecrets {
    private TestSecrets() {
    }

    public static ClusterTls tls(String secret) {
        return ClusterTls.create(SharedSecret.read(Path.of("unused"), Map.of(SharedSecret.ENVIRONMENT_VARIABLE, secret),
                false));
    }
}
