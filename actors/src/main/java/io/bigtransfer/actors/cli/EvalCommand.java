package io.bigtransfer.actors.cli;

import io.bigtransfer.actors.training.DataAccess;
import io.bigtransfer.actors.training.EvaluationJob;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.CheckpointLocations;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.EvalSettings;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.SkippedInputs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** {@code bit eval --checkpoint PATH --data URI [key=value ...]}: top-1, top-5, loss, per-class accuracy. */
final class EvalCommand {
    private EvalCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        String checkpointLocation = arguments.required("--checkpoint");
        String dataLocation = arguments.required("--data");
        var config = BitConfig.load(Optional.empty(), arguments.words());
        NativeBackend.configure(BackendSettings.create(config));
        CheckpointRecord checkpoint = CheckpointLocations.load(checkpointLocation, Path.of(""), S3Settings.create(config));
        SkippedInputs skipped = new SkippedInputs();
        EvaluationReport report;
        try (DataAccess access = DataAccess.create(config)) {
            Dataset data = access.open("--data", dataLocation, Path.of(""));
            report = EvaluationJob.run(checkpoint, data, EvalSettings.create(config).batch(),
                    DataSettings.create(config).decodeThreads(), skipped);
        }
        out.printf("checkpoint %s (step %d) on %s%n", checkpointLocation, checkpoint.step(), dataLocation);
        Reports.print(out, report, checkpoint.classNames());
        if (skipped.total() > 0) {
            out.println(skipped.summary());
        }
        return 0;
    }
}
