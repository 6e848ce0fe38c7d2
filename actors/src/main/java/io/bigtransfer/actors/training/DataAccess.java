package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.streams.DataSources;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.s3.EmbeddedS3Store;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Opens the data sets a job names (a folder path, a {@code file:} URI or an {@code s3://} URI, in
 * either layout: image folder or tar shards) and owns what reading them needs: one S3 connection
 * per job, and, with {@code bit.data.embedded-s3}, an S3-compatible server in this process (S3Proxy)
 * that serves local folders, so the job reads them the way a cluster reads object storage. Close
 * it when the job is over.
 */
public final class DataAccess implements AutoCloseable {
    private static final String EMBEDDED_BUCKET = "bit-embedded";

    private final S3Settings s3;
    private final boolean embedded;
    private S3Storage storage;
    private Path embeddedFolder;
    private EmbeddedS3Store embeddedStore;
    private S3Storage embeddedStorage;

    private DataAccess(S3Settings s3, boolean embedded) {
        this.s3 = s3;
        this.embedded = embedded;
    }

    public static DataAccess create(Config config) {
        return new DataAccess(S3Settings.create(config), DataSettings.create(config).embeddedS3());
    }

    /** The data set at {@code location}; {@code key} names the setting or option it came from. */
    public Dataset open(String key, String location, Path baseDirectory) {
        if (S3Uri.isS3(location)) {
            return DataSources.open(storage(), S3Uri.parse(location));
        }
        Path folder;
        try {
            folder = location.startsWith("file:") ? Path.of(URI.create(location)) : baseDirectory.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key + " = " + location + " is not a valid folder path, file: URI or s3:// URI.");
        }
        folder = folder.toAbsolutePath().normalize();
        if (!embedded) {
            return DataSources.open(folder);
        }
        if (!Files.isDirectory(folder)) {
            throw new SettingsException(key + " = " + location + " is not a folder that bit.data.embedded-s3 can serve.");
        }
        S3Uri served = S3Uri.parse("s3://" + EMBEDDED_BUCKET + "/" + key.toLowerCase(Locale.ROOT).replace('.', '-') + "/");
        embeddedStore().importFolder(folder, served);
        return DataSources.open(embeddedStorage, served);
    }

    /**
     * Decode threads for the data opened so far: {@code bit.data.decode-threads}, or, where reads go
     * over the network (S3, the embedded store) and block a decode thread each, as many as GETs the
     * S3 settings allow in flight.
     */
    public int decodeParallelism(DataSettings data) {
        boolean objectStorage = storage != null || embeddedStorage != null;
        return objectStorage ? Math.max(data.decodeThreads(), s3.parallelism()) : data.decodeThreads();
    }

    private S3Storage storage() {
        if (storage == null) {
            storage = S3Storage.open(s3);
        }
        return storage;
    }

    private EmbeddedS3Store embeddedStore() {
        if (embeddedStore == null) {
            try {
                embeddedFolder = Files.createTempDirectory("bit-embedded-s3");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder for the embedded S3 store: " + e.getMessage(), e);
            }
            embeddedStore = EmbeddedS3Store.start(embeddedFolder);
            embeddedStorage = S3Storage.open(embeddedStore.settings(s3));
        }
        return embeddedStore;
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.close();
        }
        if (embeddedStorage != null) {
            embeddedStorage.close();
        }
        if (embeddedStore != null) {
            embeddedStore.close();
            deleteQuietly(embeddedFolder);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temporary copy of the data is harmless.
        }
    }
}
