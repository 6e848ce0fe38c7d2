package io.bigtransfer.actors.cli;

import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import io.bigtransfer.model.BitNpz;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code bit export --checkpoint PATH --npz OUT.npz}: a checkpoint's model in the official BiT
 * {@code .npz} format, official keys only (the format has no class names); PATH is a checkpoint
 * file or a checkpoint directory, meaning its latest.
 */
final class ExportCommand {
    private ExportCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        Path checkpointPath = Path.of(arguments.required("--checkpoint"));
        Path npz = Path.of(arguments.required("--npz"));
        CheckpointRecord checkpoint = LocalCheckpointStore.load(checkpointPath);
        BitNpz.write(npz, checkpoint.parameters());
        out.printf(Locale.ROOT, "exported step %d of %s to %s (%d arrays)%n", checkpoint.step(), checkpointPath, npz,
                checkpoint.parameters().size());
        return 0;
    }
}
