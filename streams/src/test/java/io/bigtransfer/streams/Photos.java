package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real photo for decoder tests: Grace Hopper (512x600 JPEG, public domain), shipped by Debian's
 * {@code python-matplotlib-data}, which {@code .ci/run} installs. Where it is missing, tests that
 * need it are skipped, except under CI (environment variable {@code CI} set), where they fail.
 */
public final class Photos {
    private static final Path GRACE_HOPPER = Path.of("/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg");

    private Photos() {
    }

    public static byte[] graceHopper() {
        assumeTrue(Files.isRegularFile(GRACE_HOPPER) || System.getenv("CI") != null,
                GRACE_HOPPER + " is missing: install Debian's python-matplotlib-data");
        try {
            return Files.readAllBytes(GRACE_HOPPER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
