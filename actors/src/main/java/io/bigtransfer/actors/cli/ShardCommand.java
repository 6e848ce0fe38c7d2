package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.streams.DataException;
import io.bigtransfer.streams.FolderDataset;
import io.bigtransfer.streams.ShardWriter;
import io.bigtransfer.streams.s3.S3Storage;
import io.bigtransfer.streams.s3.S3Uri;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bit shard --input DIR --output URI [--per-shard N] [key=value ...]}: packs an image folder
 * into tar shards with their index (DESIGN.md, "Data set layouts"), in a local folder or straight
 * to an {@code s3://} prefix (connection settings under {@code bit.s3}).
 */
final class ShardCommand {
    private ShardCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        Path input = Path.of(arguments.required("--input")).toAbsolutePath().normalize();
        String output = arguments.required("--output");
        int perShard = arguments.positiveInt("--per-shard", ShardWriter.DEFAULT_PER_SHARD);
        Config config = BitConfig.load(Optional.empty(), arguments.words());
        FolderDataset images = FolderDataset.open(input);
        long started = System.nanoTime();
        int shards;
        try {
            if (S3Uri.isS3(output)) {
                try (S3Storage storage = S3Storage.open(S3Settings.create(config))) {
                    shards = ShardWriter.toS3(storage, S3Uri.parse(output)).write(images, perShard);
                }
            } else {
                shards = ShardWriter.toFolder(Path.of(output).toAbsolutePath().normalize()).write(images, perShard);
            }
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "wrote %,d images of %d classes into %d shards at %s in %.1f s%n", images.size(),
                images.classNames().size(), shards, output, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
