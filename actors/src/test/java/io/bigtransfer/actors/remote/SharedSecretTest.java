package io.bigtransfer.actors.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.config.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSecretTest {
    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @TempDir
    Path home;

    @Test
    void theFirstDaemonCreatesAStrongSecretThatOnlyItsOwnerCanReach() throws IOException {
        Path file = home.resolve(".bit").resolve("secret");
        SharedSecret created = SharedSecret.read(file, NO_ENVIRONMENT, true);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        String text = Files.readString(file).strip();
        assertTrue(text.matches("[A-Za-z0-9_-]{43}"), text);
        assertArrayEquals(created.characters(), SharedSecret.read(file, NO_ENVIRONMENT, true).characters());
        assertArrayEquals(created.characters(), SharedSecret.read(file, NO_ENVIRONMENT, false).characters());
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count());
        }
    }

    @Test
    void eachNewSecretIsDifferent() {
        char[] first = SharedSecret.read(home.resolve("a"), NO_ENVIRONMENT, true).characters();
        char[] second = SharedSecret.read(home.resolve("b"), NO_ENVIRONMENT, true).characters();
        assertNotEquals(new String(first), new String(second));
    }

    @Test
    void theEnvironmentVariableWinsOverTheFile() throws IOException {
        Path file = secretFile("from the file\n", "rw-------");
        SharedSecret secret = SharedSecret.read(file, Map.of(SharedSecret.ENVIRONMENT_VARIABLE, "from the environment"), true);
        assertArrayEquals("from the environment".toCharArray(), secret.characters());
        assertEquals("from the file\n", Files.readString(file));
    }

    @Test
    void theDashboardsTokenIsTheSecretsTextWithoutSurroundingWhitespace() throws IOException {
        assertEquals("s3cret", SharedSecret.read(secretFile("s3cret\n", "rw-------"), NO_ENVIRONMENT, false).token());
        assertEquals("env", SharedSecret.read(home.resolve("none"), Map.of(SharedSecret.ENVIRONMENT_VARIABLE, " env\n"),
                false).token());
    }

    @Test
    void theEnvironmentVariableSparesCreatingTheFile() {
        Path file = home.resolve(".bit").resolve("secret");
        SharedSecret.read(file, Map.of(SharedSecret.ENVIRONMENT_VARIABLE, "s3cret"), true);
        assertFalse(Files.exists(file));
    }

    @Test
    void aMissingFileIsNamedUnlessADaemonMayCreateIt() {
        Path file = home.resolve("missing");
        String message = refusal(() -> SharedSecret.read(file, NO_ENVIRONMENT, false));
        assertEquals("the shared secret file " + file + " does not exist; start the daemon once to create it, copy it "
                + "from the daemon's machine, or set BIT_SECRET.", message);
    }

    @Test
    void aFileOthersMayReadOrWriteIsRefused() throws IOException {
        for (String loose : new String[] {"rw-r--r--", "rw-r-----", "rw--w----", "rw----r--"}) {
            Path file = secretFile("s3cret", loose);
            assertEquals("the shared secret file " + file + " may be used by other users (permissions " + loose
                    + "); allow only its owner, e.g. chmod 600 " + file + ".",
                    refusal(() -> SharedSecret.read(file, NO_ENVIRONMENT, false)));
        }
    }

    @Test
    void aReadOnlyFileOfItsOwnerIsAccepted() throws IOException {
        Path file = secretFile("s3cret\n", "r--------");
        assertArrayEquals("s3cret".toCharArray(), SharedSecret.read(file, NO_ENVIRONMENT, false).characters());
    }

    @Test
    void anEmptySecretIsRefused() throws IOException {
        Path file = secretFile(" \n", "rw-------");
        assertEquals("the shared secret file " + file + " is empty.", refusal(() -> SharedSecret.read(file, NO_ENVIRONMENT, true)));
        assertEquals("the environment variable BIT_SECRET is set but empty.",
                refusal(() -> SharedSecret.read(file, Map.of(SharedSecret.ENVIRONMENT_VARIABLE, ""), false)));
    }

    @Test
    void theSecretIsNeverPrinted() {
        assertEquals("SharedSecret[hidden]", SharedSecret.read(home, Map.of(SharedSecret.ENVIRONMENT_VARIABLE, "s3cret"), false)
                .toString());
    }

    private Path secretFile(String text, String permissions) throws IOException {
        Path file = Files.createTempFile(home, "secret", "");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static String refusal(Runnable read) {
        return assertThrows(SettingsException.class, read::run).getMessage();
    }
}
