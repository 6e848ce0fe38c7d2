package io.bigtransfer.actors.remote;

import io.bigtransfer.config.ClusterSettings;
import io.bigtransfer.config.SettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The secret that admits a process to the cluster (DESIGN.md): the environment variable
 * {@value #ENVIRONMENT_VARIABLE} when set, else the text of {@code bit.cluster.secret-file}, which the
 * first daemon creates. A file that others may read or write, or an empty secret, is refused: a
 * secret anyone on the machine can read admits anyone.
 */
public final class SharedSecret {
    public static final String ENVIRONMENT_VARIABLE = "BIT_SECRET";
    private static final int RANDOM_BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final String text;

    private SharedSecret(String text) {
        this.text = text;
    }

    /** The secret for a worker or a console: the file must exist unless the environment gives it. */
    public static SharedSecret read(ClusterSettings settings) {
        return read(settings.secretFile(), System.getenv(), false);
    }

    /** The secret for a daemon: a missing file is created with a new random secret. */
    public static SharedSecret readOrCreate(ClusterSettings settings) {
        return read(settings.secretFile(), System.getenv(), true);
    }

    static SharedSecret read(Path file, Map<String, String> environment, boolean createMissing) {
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null) {
            if (fromEnvironment.isBlank()) {
                throw new SettingsException("the environment variable " + ENVIRONMENT_VARIABLE + " is set but empty.");
            }
            return new SharedSecret(fromEnvironment.strip());
        }
        if (createMissing && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            create(file);
        }
        return fromFile(file);
    }

    /** For deriving keys only: the secret never leaves the process. */
    char[] characters() {
        return text.toCharArray();
    }

    /** The secret as the web dashboard's bearer token, which operators present to it (DESIGN.md, issue #7). */
    public String token() {
        return text;
    }

    @Override
    public String toString() {
        return "SharedSecret[hidden]";
    }

    private static SharedSecret fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SettingsException("the shared secret file " + file + " does not exist; start the daemon once to "
                    + "create it, copy it from the daemon's machine, or set " + ENVIRONMENT_VARIABLE + ".");
        }
        refuseLoosePermissions(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SettingsException("the shared secret file " + file + " cannot be read: " + e.getMessage() + ".");
        }
        if (text.isEmpty()) {
            throw new SettingsException("the shared secret file " + file + " is empty.");
        }
        return new SharedSecret(text);
    }

    private static void refuseLoosePermissions(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
            if (!OWNER_ONLY_FILE.containsAll(permissions)) {
                throw new SettingsException("the shared secret file " + file + " may be used by other users (permissions "
                        + PosixFilePermissions.toString(permissions) + "); allow only its owner, e.g. chmod 600 " + file + ".");
            }
        } catch (IOException e) {
            throw new SettingsException("the permissions of the shared secret file " + file + " cannot be read: "
                    + e.getMessage() + ".");
        }
    }

    /**
     * Writes the new secret to a private temporary file and links it into place, so a second daemon
     * starting at the same moment never reads a half-written file: the first link wins, the other
     * daemon reads it.
     */
    private static void create(Path file) {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        String text = Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n";
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            createPrivateDirectory(directory);
            temporary = Files.createTempFile(directory, ".secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException e) {
            // Another daemon created it first.
        } catch (IOException | UnsupportedOperationException e) {
            throw new SettingsException("the shared secret file " + file + " cannot be created: " + e.getMessage() + ".");
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // Only a stray private file is left behind.
            }
        }
    }
}
