package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.HyperRule;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.BitNpz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bit.model.init} starts a job from a checkpoint or an official-format {@code .npz}: the
 * architecture and body come from the file, the head is a zero head of the job's classes (for a
 * checkpoint only when the class count differs).
 */
class FineTuneInitTest {
    @TempDir
    static Path dir;
    private static Path threeClasses;
    private static Path twoClasses;
    private static Path upstream;
    private static CheckpointRecord trained;

    @BeforeAll
    static void trainUpstream() throws Exception {
        threeClasses = TinyImageFolder.write(dir.resolve("three"), 4, 41);
        twoClasses = Files.createDirectories(dir.resolve("two"));
        for (String name : List.of(TinyImageFolder.CLASSES[0], TinyImageFolder.CLASSES[1])) {
            Files.move(TinyImageFolder.write(dir.resolve("scratch-" + name), 4, 43).resolve(name), twoClasses.resolve(name));
        }
        upstream = dir.resolve("upstream");
        TrainingEvent end = job(threeClasses, "bit.model.units=[1,2,1,1]", "bit.model.width=0.0625", "bit.model.groups=2",
                "bit.checkpoint.dir=" + upstream).run(event -> { });
        assertInstanceOf(TrainingEvent.Finished.class, end, end.toString());
        trained = LocalCheckpointStore.load(upstream);
    }

    private static TrainingJob job(Path data, String... extra) {
        List<String> settings = new ArrayList<>(List.of("bit.data.train=" + data, "bit.data.resolution=16",
                "bit.train.steps=2", "bit.train.batch=4", "bit.train.lr=0.05", "bit.train.hyperrule=off"));
        settings.addAll(List.of(extra));
        return TrainingJob.prepare(BitConfig.load(Optional.empty(), settings), dir);
    }

    private static NamedBuffers startingParameters(TrainingJob job) {
        return job.start().state().parameters().parameters();
    }

    private static void assertBodyIsUpstreamAndHeadIsZero(NamedBuffers parameters, int classes) {
        for (NamedBuffer parameter : parameters.buffers()) {
            if (parameter.name().startsWith("resnet/head/")) {
                assertEquals(classes, parameter.shape()[parameter.shape().length - 1], parameter.name());
                for (float value : parameter.data()) {
                    assertEquals(0f, value, parameter.name());
                }
            } else {
                assertArrayEquals(trained.parameters().get(parameter.name()).data(), parameter.data(), parameter.name());
            }
        }
    }

    @Test
    void aCheckpointWithAnotherClassCountGivesItsBodyAndAZeroHead() {
        TrainingJob fineTune = job(twoClasses, "bit.model.init=" + upstream, "bit.model.groups=2");
        assertEquals(List.of(1, 2, 1, 1, 2), List.of(fineTune.spec().units()[0], fineTune.spec().units()[1],
                fineTune.spec().units()[2], fineTune.spec().units()[3], fineTune.spec().classes()));
        assertBodyIsUpstreamAndHeadIsZero(startingParameters(fineTune), 2);
        assertInstanceOf(TrainingEvent.Finished.class, fineTune.run(event -> { }));
    }

    @Test
    void aCheckpointWithTheSameClassesKeepsItsHead() {
        NamedBuffers start = startingParameters(job(threeClasses, "bit.model.init=" + upstream));
        for (NamedBuffer parameter : trained.parameters().buffers()) {
            assertArrayEquals(parameter.data(), start.get(parameter.name()).data(), parameter.name());
        }
    }

    @Test
    void anOfficialNpzAlwaysGetsAZeroHead() {
        Path npz = dir.resolve("upstream.npz");
        BitNpz.write(npz, trained.parameters());
        TrainingJob fineTune = job(threeClasses, "bit.model.init=" + npz, "bit.model.groups=2");
        assertEquals(3, fineTune.spec().classes());
        assertBodyIsUpstreamAndHeadIsZero(startingParameters(fineTune), 3);
    }

    @Test
    void fineTuningUnderTheAutomaticHyperRuleDerivesTheCosineRulesValuesTheUserLeftUnset() {
        TrainingJob fineTune = job(twoClasses, "bit.model.init=" + upstream, "bit.train.hyperrule=auto");
        assertEquals(HyperRule.COSINE, fineTune.hyperRule());
        String resolved = fineTune.resolvedConfig();
        for (String line : List.of("bit.train.steps = 2", "bit.train.batch = 4", "bit.train.lr = 0.05",
                "bit.data.resolution = 16", "bit.train.weight-decay = 0.0", "bit.train.warmup-steps = 0",
                "bit.train.schedule = \"cosine\"", "bit.train.mixup-alpha = 0.0", "bit.data.transform = \"downstream\"")) {
            assertTrue(resolved.contains(line + "\n"), line + " in\n" + resolved);
        }
        String missing = assertThrows(SettingsException.class,
                () -> job(twoClasses, "bit.model.init=" + dir.resolve("nothing.npz"))).getMessage();
        assertTrue(missing.contains("nothing.npz: no such file or folder"), missing);
    }

    @Test
    void theOfficialHyperRuleGivesItsStepScheduleAndTransform() {
        TrainingJob fineTune = TrainingJob.prepare(BitConfig.load(Optional.empty(), List.of("bit.data.train=" + twoClasses,
                "bit.model.init=" + upstream, "bit.train.hyperrule=official")), dir);
        String resolved = fineTune.resolvedConfig();
        // 8 images of 16x16 pixels: under 20k examples and under 96x96 pixels.
        for (String line : List.of("bit.train.steps = 500", "bit.train.warmup-steps = 100",
                "bit.train.decay-steps = [200,300,400]", "bit.train.schedule = \"steps\"", "bit.train.batch = 512",
                "bit.train.lr = 0.003", "bit.data.resolution = 128", "bit.data.transform = \"official\"")) {
            assertTrue(resolved.contains(line + "\n"), line + " in\n" + resolved);
        }
    }

    @Test
    void aCheckpointWithAsManyButOtherClassesGetsAZeroHead() throws Exception {
        Path renamed = Files.createDirectories(dir.resolve("renamed"));
        for (String name : TinyImageFolder.CLASSES) {
            Files.move(TinyImageFolder.write(dir.resolve("scratch-renamed-" + name), 4, 47).resolve(name),
                    renamed.resolve("other-" + name));
        }
        assertBodyIsUpstreamAndHeadIsZero(startingParameters(job(renamed, "bit.model.init=" + upstream)), 3);
    }

    @Test
    void architectureSettingsBesideInitAreRefused() {
        String refusal = assertThrows(SettingsException.class,
                () -> job(twoClasses, "bit.model.init=" + upstream, "bit.model.width=2")).getMessage();
        assertEquals("bit.model.width cannot be combined with bit.model.init, whose file fixes the architecture.", refusal);
    }
}
