package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.OptimizerState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bit train} with a checkpoint directory continues from its latest checkpoint: a run that
 * stopped after step 3 and is continued to step 6 ends bit-identical to an uninterrupted run.
 */
class ResumeTest {
    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = TinyImageFolder.write(dir.resolve("train"), 5, 21);
    }

    private static TrainingJob job(Path checkpoints, int workers, String... extra) {
        List<String> settings = new ArrayList<>(List.of("bit.data.train=" + data, "bit.data.resolution=16",
                "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2", "bit.train.steps=6",
                "bit.train.batch=6", "bit.train.lr=0.05", "bit.train.warmup-steps=2", "bit.checkpoint.every=3",
                "bit.checkpoint.keep=5", "bit.backend.threads=2", "bit.train.workers=" + workers,
                "bit.checkpoint.dir=" + checkpoints));
        settings.addAll(List.of(extra));
        return TrainingJob.prepare(BitConfig.load(Optional.empty(), settings), dir);
    }

    private static OptimizerState finalState(TrainingJob job) {
        TrainingEvent end = job.run(event -> { });
        return assertInstanceOf(TrainingEvent.Finished.class, end, end.toString()).state();
    }

    @Test
    void continuingFromStepThreeEqualsTheUninterruptedRunBitForBit() throws Exception {
        Path full = dir.resolve("full");
        OptimizerState uninterrupted = finalState(job(full, 1));

        // The interrupted run: only its step-3 checkpoint survived.
        Path interrupted = Files.createDirectories(dir.resolve("interrupted"));
        Files.copy(full.resolve("ckpt-000000003.bitckpt"), interrupted.resolve("ckpt-000000003.bitckpt"));
        TrainingJob continued = job(interrupted, 1);
        assertEquals(3, continued.start().step());
        assertEquals(Optional.of(interrupted.resolve("ckpt-000000003.bitckpt").toString()), continued.start().resumedFrom());
        OptimizerState resumed = finalState(continued);

        assertEquals(6, resumed.parameters().version());
        for (NamedBuffer parameter : uninterrupted.parameters().parameters().buffers()) {
            assertArrayEquals(parameter.data(), resumed.parameters().parameters().get(parameter.name()).data(),
                    parameter.name());
            assertArrayEquals(uninterrupted.velocity().get(parameter.name()).data(),
                    resumed.velocity().get(parameter.name()).data(), parameter.name() + " momentum");
        }
        assertTrue(Files.exists(interrupted.resolve("ckpt-000000006.bitckpt")));
    }

    @Test
    void aCheckpointThatCannotBeContinuedExactlyIsRefused() throws Exception {
        Path checkpoints = dir.resolve("refusals");
        finalState(job(checkpoints, 1, "bit.train.steps=3"));
        String finished = assertThrows(SettingsException.class, () -> job(checkpoints, 1, "bit.train.steps=3")).getMessage();
        assertTrue(finished.contains("is already at step 3 of bit.train.steps = 3"), finished);
        String batch = assertThrows(SettingsException.class, () -> job(checkpoints, 1, "bit.train.batch=3")).getMessage();
        assertTrue(batch.contains("was written with another bit.train.batch"), batch);
        String seed = assertThrows(SettingsException.class, () -> job(checkpoints, 1, "bit.train.seed=9")).getMessage();
        assertTrue(seed.contains("was written with another bit.train.seed"), seed);
        String model = assertThrows(SettingsException.class, () -> job(checkpoints, 1, "bit.model.units=[1,1,2,1]")).getMessage();
        assertTrue(model.contains("was written with a different model"), model);
    }

    @Test
    void aStopRequestedBeforeTheRunStartsStopsAfterTheFirstStepWithACheckpoint() {
        Path checkpoints = dir.resolve("early-stop");
        TrainingJob job = job(checkpoints, 1);
        job.requestStop();
        TrainingEvent.Stopped stopped = assertInstanceOf(TrainingEvent.Stopped.class, job.run(event -> { }));
        assertEquals(1, stopped.step());
        assertEquals(Optional.of(checkpoints.resolve("ckpt-000000001.bitckpt").toString()), stopped.lastCheckpoint());
        assertEquals(1, job(checkpoints, 1).start().step(), "the same command continues after it");
    }
}
