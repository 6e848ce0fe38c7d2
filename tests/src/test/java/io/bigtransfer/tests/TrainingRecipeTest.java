package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.WarmupStepDecay;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning recipe's options end to end on real images: gradient accumulation and mixup do
 * not depend on how a batch is split, linear probing moves only the head, and the official
 * HyperRule's step schedule drives the learning rate.
 */
class TrainingRecipeTest {
    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = TinyImageFolder.write(dir.resolve("train"), 6, 13);
    }

    private static TrainingJob job(String... extra) {
        List<String> settings = new ArrayList<>(List.of("bit.data.train=" + data, "bit.data.resolution=16",
                "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2",
                "bit.train.steps=4", "bit.train.batch=8", "bit.train.lr=0.05", "bit.train.warmup-steps=0",
                "bit.train.seed=5", "bit.backend.threads=2"));
        settings.addAll(List.of(extra));
        return TrainingJob.prepare(BitConfig.load(Optional.empty(), settings), dir);
    }

    private static NamedBuffers train(List<TrainingEvent> events, String... extra) {
        TrainingEvent end = job(extra).run(events::add);
        return assertInstanceOf(TrainingEvent.Finished.class, end, end.toString()).state().parameters().parameters();
    }

    private static NamedBuffers train(String... extra) {
        return train(new ArrayList<>(), extra);
    }

    private static void assertClose(NamedBuffers expected, NamedBuffers actual) {
        for (NamedBuffer parameter : expected.buffers()) {
            float[] a = parameter.data();
            float[] b = actual.get(parameter.name()).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 + 1e-4 * Math.abs(a[i]), parameter.name() + "[" + i + "]");
            }
        }
    }

    @Test
    void accumulatingMicroBatchesMatchesTheWholeBatch() {
        NamedBuffers whole = train();
        NamedBuffers split = train("bit.train.batch-split=4");
        assertClose(whole, split);
        NamedBuffers start = job().start().state().parameters().parameters();
        assertFalse(Arrays.equals(start.get("resnet/head/conv2d/kernel").data(),
                whole.get("resnet/head/conv2d/kernel").data()), "training must move the parameters");
    }

    @Test
    void mixedUpBatchesDoNotDependOnTheWorkerCountAndChangeTraining() {
        NamedBuffers one = train("bit.train.mixup-alpha=0.4");
        NamedBuffers two = train("bit.train.mixup-alpha=0.4", "bit.train.workers=2");
        assertClose(one, two);
        assertFalse(Arrays.equals(train().get("resnet/head/conv2d/kernel").data(),
                one.get("resnet/head/conv2d/kernel").data()), "mixup must change what is learned");
    }

    @Test
    void linearProbingMovesOnlyTheHead() {
        NamedBuffers start = job().start().state().parameters().parameters();
        NamedBuffers probed = train("bit.train.linear-probe=true", "bit.train.weight-decay=0.1");
        for (NamedBuffer parameter : start.buffers()) {
            float[] after = probed.get(parameter.name()).data();
            if (ModelSpec.isHead(parameter.name())) {
                assertFalse(Arrays.equals(parameter.data(), after), parameter.name() + " must be trained");
            } else {
                assertArrayEquals(parameter.data(), after, parameter.name() + " belongs to the frozen body");
            }
        }
    }

    @Test
    void theOfficialRuleStepsTheLearningRateDown() {
        List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        train(events, "bit.train.hyperrule=official", "bit.train.steps=10", "bit.train.lr=0.1",
                "bit.train.warmup-steps=null");
        // The official boundaries [100, 200, 300, 400, 500] stretched to 10 steps: 2, 4, 6, 8, 10.
        WarmupStepDecay expected = new WarmupStepDecay(0.1, 2, List.of(4, 6, 8));
        List<Double> rates = events.stream().filter(TrainingEvent.StepCompleted.class::isInstance)
                .map(event -> ((TrainingEvent.StepCompleted) event).lr()).toList();
        assertEquals(10, rates.size());
        for (int step = 0; step < rates.size(); step++) {
            assertEquals(expected.at(step), rates.get(step), 1e-12, "step " + step);
        }
        assertEquals(List.of(0.0, 0.05, 0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 0.0001),
                rates.stream().map(rate -> Math.round(rate * 1e6) / 1e6).toList());
    }
}
