package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.config.BitConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker/coordinator protocol does not depend on how a global batch is split: two workers
 * in one JVM reach the parameters of one worker on the same global batches, and runs repeat bit
 * for bit.
 */
class WorkerCountEquivalenceTest {
    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = TinyImageFolder.write(dir.resolve("train"), 6, 11);
    }

    private static NamedBuffers train(int workers) {
        List<String> settings = new ArrayList<>(List.of("bit.data.train=" + data, "bit.data.resolution=16",
                "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2",
                "bit.train.steps=4", "bit.train.batch=8", "bit.train.lr=0.05", "bit.train.warmup-steps=0",
                "bit.train.seed=3", "bit.backend.threads=2", "bit.train.workers=" + workers));
        TrainingJob job = TrainingJob.prepare(BitConfig.load(Optional.empty(), settings), dir);
        TrainingEvent end = job.run(event -> { });
        TrainingEvent.Finished finished = assertInstanceOf(TrainingEvent.Finished.class, end, end.toString());
        assertEquals(4, finished.step());
        return finished.state().parameters().parameters();
    }

    @Test
    void twoWorkersMatchOneWorkerAndRepeatExactly() {
        NamedBuffers one = train(1);
        NamedBuffers two = train(2);
        NamedBuffers twoAgain = train(2);
        NamedBuffers initial = io.bigtransfer.model.HeInitializer.initialize(
                new io.bigtransfer.model.ModelSpec(new int[] {1, 1, 1, 1}, 0.0625, 2, 3), 3);
        boolean moved = false;
        for (NamedBuffer parameter : one.buffers()) {
            float[] a = parameter.data();
            float[] b = two.get(parameter.name()).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 + 1e-4 * Math.abs(a[i]), parameter.name() + "[" + i + "]");
            }
            assertArrayEquals(b, twoAgain.get(parameter.name()).data(), parameter.name() + " differs between repeated runs");
            moved |= !java.util.Arrays.equals(a, initial.get(parameter.name()).data());
        }
        assertTrue(moved, "training changed no parameter, so the comparison would prove nothing");
    }
}
