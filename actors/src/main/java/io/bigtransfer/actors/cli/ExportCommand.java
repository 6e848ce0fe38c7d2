package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.checkpoints.CheckpointLocations;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.model.BitNpz;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code bit export --checkpoint PATH --npz OUT.npz}: a checkpoint's model in the official BiT
 * {@code .npz} format, official keys only (the format has no class names); PATH is a checkpoint
 * file or a checkpoint directory, meaning its latest.
 */
final class ExportCommand {
    private ExportCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        String checkpointLocation = arguments.required("--checkpoint");
        Path npz = Path.of(arguments.required("--npz"));
        Config config = BitConfig.load(Optional.empty(), arguments.words());
        CheckpointRecord checkpoint = CheckpointLocations.load(checkpointLocation, Path.of(""), S3Settings.create(config));
        BitNpz.write(npz, checkpoint.parameters());
        out.printf(Locale.ROOT, "exported step %d of %s to %s (%d arrays)%n", checkpoint.step(), checkpointLocation, npz,
                checkpoint.parameters().size());
        return 0;
    }
}
